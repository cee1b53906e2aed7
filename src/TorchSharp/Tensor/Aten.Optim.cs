using TorchSharp.Native;

namespace TorchSharp;

internal static partial class Aten
{
    /// <summary>The operators the optimizers call (in place on parameters and state), kept apart so that they
    /// cannot clash with the general tensor operators.</summary>
    internal static class Optim
    {
        internal static readonly Op add__Tensor = new("aten::add_", "Tensor");
        internal static readonly Op add__Scalar = new("aten::add_", "Scalar");
        internal static readonly Op mul__Scalar = new("aten::mul_", "Scalar");
        internal static readonly Op div__Scalar = new("aten::div_", "Scalar");
        internal static readonly Op addcmul_ = new("aten::addcmul_");
        internal static readonly Op addcdiv_ = new("aten::addcdiv_");
        internal static readonly Op sqrt = new("aten::sqrt");
        internal static readonly Op neg = new("aten::neg");
        internal static readonly Op maximum_out = new("aten::maximum", "out");
        internal static readonly Op clone = new("aten::clone");
        internal static readonly Op zeros_like = new("aten::zeros_like");
        internal static readonly Op zero_ = new("aten::zero_");
        internal static readonly Op copy_ = new("aten::copy_");
        internal static readonly Op allclose = new("aten::allclose");
    }
}
