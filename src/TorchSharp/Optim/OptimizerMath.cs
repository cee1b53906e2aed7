using static TorchSharp.torch;
using Ops = TorchSharp.Aten.Optim;

namespace TorchSharp.Modules;

/// <summary>The tensor operations of the optimizer updates, named as PyTorch writes them
/// (<c>InPlace</c> methods modify and return their first argument).</summary>
internal static class OptimizerMath
{
    /// <summary>self += alpha · other.</summary>
    internal static Tensor AddInPlace(Tensor self, Tensor other, double alpha = 1) =>
        Ops.add__Tensor.Args().Tensor(self).Tensor(other).Scalar(alpha).CallInPlace(self);

    /// <summary>self + alpha · other, a new tensor.</summary>
    internal static Tensor Add(Tensor self, Tensor other, double alpha) =>
        Aten.add_Tensor.Args().Tensor(self).Tensor(other).Scalar(alpha).Call();

    /// <summary>self += value.</summary>
    internal static Tensor AddInPlace(Tensor self, double value) =>
        Ops.add__Scalar.Args().Tensor(self).Scalar(value).CallInPlace(self);

    /// <summary>self *= value.</summary>
    internal static Tensor MulInPlace(Tensor self, double value) =>
        Ops.mul__Scalar.Args().Tensor(self).Scalar(value).CallInPlace(self);

    /// <summary>self /= value.</summary>
    internal static Tensor DivInPlace(Tensor self, double value) =>
        Ops.div__Scalar.Args().Tensor(self).Scalar(value).CallInPlace(self);

    /// <summary>self += value · a · b.</summary>
    internal static Tensor AddcmulInPlace(Tensor self, Tensor a, Tensor b, double value) =>
        Ops.addcmul_.Args().Tensor(self).Tensor(a).Tensor(b).Scalar(value).CallInPlace(self);

    /// <summary>self += value · a / b.</summary>
    internal static Tensor AddcdivInPlace(Tensor self, Tensor a, Tensor b, double value) =>
        Ops.addcdiv_.Args().Tensor(self).Tensor(a).Tensor(b).Scalar(value).CallInPlace(self);

    internal static Tensor Sqrt(Tensor self) => Ops.sqrt.Args().Tensor(self).Call();

    internal static Tensor Neg(Tensor self) => Ops.neg.Args().Tensor(self).Call();

    /// <summary>output = max(output, other), element-wise.</summary>
    internal static void MaximumInto(Tensor output, Tensor other) =>
        Ops.maximum_out.Args().Tensor(output).Tensor(other).Tensor(output).CallVoid();

    internal static Tensor Clone(Tensor self) => Ops.clone.Args().Tensor(self).Call();

    internal static Tensor ZerosLike(Tensor self) => Ops.zeros_like.Args().Tensor(self).Call();

    internal static Tensor ZeroInPlace(Tensor self) => Ops.zero_.Args().Tensor(self).CallInPlace(self);

    /// <summary>Copies the values of <paramref name="source"/> into <paramref name="self"/>.</summary>
    internal static Tensor CopyInPlace(Tensor self, Tensor source) =>
        Ops.copy_.Args().Tensor(self).Tensor(source).CallInPlace(self);

    internal static bool AllClose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) =>
        a.shape.AsSpan().SequenceEqual(b.shape) && Ops.allclose.Args().Tensor(a).Tensor(b).Double(rtol).Double(atol).CallScalar().ToBoolean();
}
