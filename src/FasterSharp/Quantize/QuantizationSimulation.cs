using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>A model running with fake int8 quantization (from <see cref="Quantizer.Simulate"/>): the quantized layers'
/// weights hold their int8-representable values, and hooks fake-quantize their inputs (and outputs). Disposing, or
/// <see cref="Restore"/>, removes the hooks and puts the float weights back bit for bit.</summary>
public sealed class QuantizationSimulation : IDisposable
{
    private readonly List<(Parameter Weight, Tensor Saved)> _saved = [];
    private readonly List<Action> _removers = [];

    internal QuantizationSimulation(nn.Module<Tensor, Tensor> model, QuantizationRanges ranges, bool quantizeOutputs, bool dynamicInputs = false)
    {
        var byName = ModelWalk.DepthFirst(model).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First().Module, StringComparer.Ordinal);
        var plan = new List<(LayerQuantization Entry, nn.Module<Tensor, Tensor> Module, Parameter Weight)>();
        foreach (var entry in ranges.Layers)
        {
            if (!byName.TryGetValue(entry.Name, out var module))
                throw new ArgumentException($"the model has no layer '{entry.Name}' (the ranges were computed for another model)", nameof(ranges));
            (Parameter? weight, QuantizedLayerKind? kind) = module switch
            {
                Conv2d conv => (conv.weight, QuantizedLayerKind.Conv2d),
                Linear linear => (linear.weight, QuantizedLayerKind.Linear),
                _ => ((Parameter?)null, (QuantizedLayerKind?)null),
            };
            if (weight is null || kind != entry.Kind)
                throw new ArgumentException($"the model's layer '{entry.Name}' is a {module.GetType().Name}, the ranges describe a {entry.Kind}", nameof(ranges));
            if (weight.shape[0] != entry.Weight.Channels)
                throw new ArgumentException($"the model's layer '{entry.Name}' has {weight.shape[0]} output channels, the ranges {entry.Weight.Channels}", nameof(ranges));
            if (quantizeOutputs && entry.Output is null)
                throw new ArgumentException($"the ranges have no output parameters for layer '{entry.Name}'; simulate without quantizeOutputs", nameof(quantizeOutputs));
            plan.Add((entry, (nn.Module<Tensor, Tensor>)module, weight));
        }
        // Everything was checked: from here on the model changes.
        using (no_grad())
        {
            foreach (var (entry, _, weight) in plan)
            {
                var saved = weight.detach().clone().DetachFromDisposeScope();
                _saved.Add((weight, saved));
                using var quantized = entry.Weight.FakeQuantize(saved);
                weight.copy_(quantized);
            }
        }
        foreach (var (entry, module, _) in plan)
        {
            var input = entry.Input;
            _removers.Add(dynamicInputs
                ? module.register_forward_pre_hook((_, x) => DynamicFakeQuantize(x)).remove
                : module.register_forward_pre_hook((_, x) => input.FakeQuantize(x)).remove);
            if (quantizeOutputs)
            {
                var output = entry.Output!;
                _removers.Add(module.register_forward_hook((_, _, y) => output.FakeQuantize(y)).remove);
            }
        }
        Ranges = ranges;
        QuantizesOutputs = quantizeOutputs;
        IsDynamic = dynamicInputs;
    }

    /// <summary>Whether inputs are quantized dynamically (uint8, affine, the range of each input tensor widened to 0:
    /// ONNX's DynamicQuantizeLinear); then the input parameters of <see cref="Ranges"/> are unused.</summary>
    public bool IsDynamic { get; }

    /// <summary>ONNX's DynamicQuantizeLinear, in float: the whole tensor's range, widened to contain 0, over [0, 255].</summary>
    internal static Tensor DynamicFakeQuantize(Tensor x)
    {
        using var noGrad = no_grad();
        var parameters = QuantParams.FromRange(x.min().item<float>(), x.max().item<float>(), QuantScheme.UInt8Affine);
        return parameters.FakeQuantize(x);
    }

    /// <summary>The parameters in use.</summary>
    public QuantizationRanges Ranges { get; }

    /// <summary>Whether outputs are fake-quantized too.</summary>
    public bool QuantizesOutputs { get; }

    /// <summary>Whether the model is still fake-quantized.</summary>
    public bool IsActive => _saved.Count > 0;

    /// <summary>Removes the hooks and restores the float weights; safe to call twice.</summary>
    public void Restore()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
        using (no_grad())
        {
            foreach (var (weight, saved) in _saved)
            {
                weight.copy_(saved);
                saved.Dispose();
            }
        }
        _saved.Clear();
    }

    /// <summary>Same as <see cref="Restore"/>.</summary>
    public void Dispose() => Restore();
}
