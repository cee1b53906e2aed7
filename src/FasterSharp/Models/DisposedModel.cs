using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Models;

/// <summary>Refuses a model that was disposed. TorchSharp 0.107 has no public "is disposed" flag on a module:
/// after <c>Dispose()</c> its registered parameters are gone (<c>parameters()</c> is empty) while the layers'
/// weight properties still hold tensors with an empty handle, so a tool would see no layer or fail deep inside
/// with "Tensor invalid -- empty handle". The layers' own tensors tell.</summary>
internal static class DisposedModel
{
    /// <exception cref="ObjectDisposedException">A layer of <paramref name="model"/> holds a disposed tensor (the
    /// message names the layer).</exception>
    public static void ThrowIfDisposed(nn.Module model, string parameterName = "model")
    {
        foreach (var (name, module) in model.named_modules())
        {
            Tensor?[] tensors = module switch
            {
                Conv2d c => [c.weight, c.bias],
                Linear l => [l.weight, l.bias],
                BatchNorm b => [b.weight, b.bias, b.running_mean, b.running_var],
                _ => [],
            };
            if (tensors.Any(t => t is { IsInvalid: true }))
                throw new ObjectDisposedException(parameterName,
                    $"the model was disposed (layer '{(name.Length == 0 ? module.GetName() : name)}' has a disposed weight); build or load the model again");
        }
    }
}
