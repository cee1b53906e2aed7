using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Forward hooks that keep the latest output of each of a list of modules; disposing removes them.
/// A hook keeps an alias of the output (same storage and autograd history, its own handle), because a
/// Sequential disposes each intermediate output's handle as soon as the next module has run. The aliases live
/// in the dispose scope of the forward pass that made them; the capture never disposes them.</summary>
internal sealed class ActivationCapture : IDisposable
{
    private readonly List<Action> _removers = [];

    public ActivationCapture(IReadOnlyList<nn.Module<Tensor, Tensor>> modules)
    {
        Outputs = new Tensor?[modules.Count];
        for (var i = 0; i < modules.Count; i++)
        {
            var index = i;
            var remover = modules[i].register_forward_hook((_, _, output) =>
            {
                Outputs[index] = output.alias();
                return null!; // keep the module's output unchanged
            });
            _removers.Add(remover.remove);
        }
    }

    /// <summary>The latest output of each module (null until it ran since the last <see cref="Clear"/>).</summary>
    public Tensor?[] Outputs { get; }

    /// <summary>Forgets the captured outputs.</summary>
    public void Clear() => Array.Clear(Outputs);

    /// <summary>Removes the hooks and forgets the outputs.</summary>
    public void Dispose()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
        Clear();
    }
}
