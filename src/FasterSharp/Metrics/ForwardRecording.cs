using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>One call of a module during a recorded forward pass: the shapes it received and returned.</summary>
internal sealed record ModuleCall(int Order, long[] InputShape, long[] OutputShape);

/// <summary>One forward pass of a model on a sample input, with every module call's input and output shapes
/// seen through forward hooks (TorchSharp exposes no autograd graph to walk). The pass runs in eval mode under
/// no_grad, so BatchNorm statistics do not move; each module's training flag is restored afterwards.</summary>
internal sealed class ForwardRecording
{
    private readonly Dictionary<nn.Module, List<ModuleCall>> _calls;

    private ForwardRecording(IReadOnlyList<(string Name, nn.Module Module)> modules, Dictionary<nn.Module, List<ModuleCall>> calls,
        long[] inputShape, long[] outputShape)
    {
        Modules = modules;
        _calls = calls;
        InputShape = inputShape;
        OutputShape = outputShape;
        Names = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in modules) Names.TryAdd(module, name);
    }

    /// <summary>The model ("") and its descendants with dotted names, depth first (PyTorch's <c>named_modules()</c>
    /// order); a module reachable under two names appears twice.</summary>
    public IReadOnlyList<(string Name, nn.Module Module)> Modules { get; }

    /// <summary>The first dotted name of each module.</summary>
    public Dictionary<nn.Module, string> Names { get; }

    /// <summary>The sample input's shape.</summary>
    public long[] InputShape { get; }

    /// <summary>The model output's shape.</summary>
    public long[] OutputShape { get; }

    /// <summary>The calls of <paramref name="module"/> in call order (empty when it did not run or cannot be hooked).</summary>
    public IReadOnlyList<ModuleCall> CallsOf(nn.Module module) =>
        _calls.TryGetValue(module, out var calls) ? calls : [];

    /// <summary>Runs <paramref name="model"/> on <paramref name="sampleInput"/> and records every call.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point tensor with a batch dimension, or the
    /// model's forward fails on it (the message carries the model's error).</exception>
    public static ForwardRecording Run(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string sampleParameterName = "sampleInput")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput, sampleParameterName);
        CheckSample(sampleInput, sampleParameterName);
        Models.DisposedModel.ThrowIfDisposed(model);
        var modules = WithNames(model);
        var calls = new Dictionary<nn.Module, List<ModuleCall>>(ReferenceEqualityComparer.Instance);
        var order = 0;
        var removers = new List<Action>();
        var modes = modules.Select(m => (m.Module, m.Module.training)).ToList();
        long[] outputShape;
        try
        {
            foreach (var module in modules.Select(m => m.Module).Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module>())
            {
                if (module is not nn.Module<Tensor, Tensor> hookable) continue;
                var handle = hookable.register_forward_hook((m, input, output) =>
                {
                    if (!calls.TryGetValue(m, out var list)) calls[m] = list = [];
                    list.Add(new ModuleCall(order++, input.shape, output.shape));
                    return null!;
                });
                removers.Add(handle.remove);
            }
            model.eval();
            using var noGrad = no_grad();
            try
            {
                using var output = model.call(sampleInput);
                outputShape = output.shape;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException(
                    $"the model's forward failed on the sample input of shape [{string.Join(", ", sampleInput.shape)}]: {e.Message}", sampleParameterName, e);
            }
        }
        finally
        {
            foreach (var remove in removers) remove();
            // Parent first: train(flag) recurses, so children are restored after their parent.
            foreach (var (module, training) in modes) module.train(training);
        }
        return new ForwardRecording(modules, calls, sampleInput.shape, outputShape);
    }

    /// <summary>The model ("") and its descendants with dotted names, depth first.</summary>
    public static List<(string Name, nn.Module Module)> WithNames(nn.Module model)
    {
        var list = new List<(string, nn.Module)> { ("", model) };
        void Visit(nn.Module module, string prefix)
        {
            foreach (var (childName, child) in module.named_children())
            {
                var name = prefix.Length == 0 ? childName : $"{prefix}.{childName}";
                list.Add((name, child));
                Visit(child, name);
            }
        }
        Visit(model, "");
        return list;
    }

    internal static void CheckSample(Tensor sampleInput, string parameterName)
    {
        if (sampleInput.IsInvalid) throw new ObjectDisposedException(parameterName, "the sample input was disposed");
        if (!is_floating_point(sampleInput.dtype))
            throw new ArgumentException($"the sample input must be a floating-point tensor, got {sampleInput.dtype}", parameterName);
        if (sampleInput.dim() < 2 || sampleInput.shape[0] < 1)
            throw new ArgumentException(
                $"the sample input needs a batch dimension of at least 1 and a channel dimension, got shape [{string.Join(", ", sampleInput.shape)}]",
                parameterName);
    }
}
