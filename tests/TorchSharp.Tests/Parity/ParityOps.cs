using TorchSharp.Native;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>Operators the parity tests need before the public API has them, called through the ATen
/// dispatcher (so autograd applies exactly as for the public methods).</summary>
internal static class ParityOps
{
    private static readonly Op LinearOp = new("aten::linear");

    /// <summary>input @ weight.T + bias.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor bias) =>
        LinearOp.Args().Tensor(input).Tensor(weight).Tensor(bias).Call();
}
