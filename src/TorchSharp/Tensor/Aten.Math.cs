using TorchSharp.Native;

namespace TorchSharp;

// Arithmetic, point-wise math and copies.
internal static partial class Aten
{
    internal static readonly Op add__Tensor = new("aten::add_", "Tensor");
    internal static readonly Op add__Scalar = new("aten::add_", "Scalar");
    internal static readonly Op sub_Tensor = new("aten::sub", "Tensor");
    internal static readonly Op sub_Scalar = new("aten::sub", "Scalar");
    internal static readonly Op sub__Tensor = new("aten::sub_", "Tensor");
    internal static readonly Op sub__Scalar = new("aten::sub_", "Scalar");
    internal static readonly Op rsub_Scalar = new("aten::rsub", "Scalar");
    internal static readonly Op mul_Tensor = new("aten::mul", "Tensor");
    internal static readonly Op mul_Scalar = new("aten::mul", "Scalar");
    internal static readonly Op mul__Tensor = new("aten::mul_", "Tensor");
    internal static readonly Op mul__Scalar = new("aten::mul_", "Scalar");
    internal static readonly Op div_Tensor = new("aten::div", "Tensor");
    internal static readonly Op div_Scalar = new("aten::div", "Scalar");
    internal static readonly Op div_Tensor_mode = new("aten::div", "Tensor_mode");
    internal static readonly Op div_Scalar_mode = new("aten::div", "Scalar_mode");
    internal static readonly Op div__Tensor = new("aten::div_", "Tensor");
    internal static readonly Op div__Scalar = new("aten::div_", "Scalar");
    internal static readonly Op div__Tensor_mode = new("aten::div_", "Tensor_mode");
    internal static readonly Op div__Scalar_mode = new("aten::div_", "Scalar_mode");
    internal static readonly Op addcmul = new("aten::addcmul");
    internal static readonly Op addcmul_ = new("aten::addcmul_");
    internal static readonly Op addcdiv = new("aten::addcdiv");
    internal static readonly Op addcdiv_ = new("aten::addcdiv_");
    internal static readonly Op lerp_Scalar = new("aten::lerp", "Scalar");
    internal static readonly Op lerp_Tensor = new("aten::lerp", "Tensor");
    internal static readonly Op lerp__Scalar = new("aten::lerp_", "Scalar");
    internal static readonly Op lerp__Tensor = new("aten::lerp_", "Tensor");
    internal static readonly Op pow_Tensor_Tensor = new("aten::pow", "Tensor_Tensor");
    internal static readonly Op pow_Tensor_Scalar = new("aten::pow", "Tensor_Scalar");
    internal static readonly Op pow__Tensor = new("aten::pow_", "Tensor");
    internal static readonly Op pow__Scalar = new("aten::pow_", "Scalar");
    internal static readonly Op neg = new("aten::neg");
    internal static readonly Op neg_ = new("aten::neg_");
    internal static readonly Op sqrt = new("aten::sqrt");
    internal static readonly Op sqrt_ = new("aten::sqrt_");
    internal static readonly Op rsqrt = new("aten::rsqrt");
    internal static readonly Op square = new("aten::square");
    internal static readonly Op abs = new("aten::abs");
    internal static readonly Op abs_ = new("aten::abs_");
    internal static readonly Op exp = new("aten::exp");
    internal static readonly Op exp_ = new("aten::exp_");
    internal static readonly Op log = new("aten::log");
    internal static readonly Op log_ = new("aten::log_");
    internal static readonly Op sign = new("aten::sign");
    internal static readonly Op sign_ = new("aten::sign_");
    internal static readonly Op reciprocal = new("aten::reciprocal");
    internal static readonly Op clamp = new("aten::clamp");
    internal static readonly Op clamp_Tensor = new("aten::clamp", "Tensor");
    internal static readonly Op clamp_ = new("aten::clamp_");
    internal static readonly Op clamp__Tensor = new("aten::clamp_", "Tensor");
    internal static readonly Op maximum = new("aten::maximum");
    internal static readonly Op minimum = new("aten::minimum");
    internal static readonly Op masked_fill_Scalar = new("aten::masked_fill", "Scalar");
    internal static readonly Op masked_fill__Scalar = new("aten::masked_fill_", "Scalar");
    internal static readonly Op clone = new("aten::clone");
    internal static readonly Op detach_ = new("aten::detach_");
    internal static readonly Op copy_ = new("aten::copy_");
    internal static readonly Op zero_ = new("aten::zero_");
    internal static readonly Op fill__Scalar = new("aten::fill_", "Scalar");
    internal static readonly Op contiguous = new("aten::contiguous");
    internal static readonly Op to_dtype_layout = new("aten::to", "dtype_layout");
}

// Factories.
internal static partial class Aten
{
    internal static readonly Op rand = new("aten::rand");
    internal static readonly Op randn = new("aten::randn");
    internal static readonly Op randint_low = new("aten::randint", "low");
    internal static readonly Op arange_start_step = new("aten::arange", "start_step");
    internal static readonly Op linspace = new("aten::linspace");
    internal static readonly Op zeros_like = new("aten::zeros_like");
    internal static readonly Op ones_like = new("aten::ones_like");
    internal static readonly Op empty_like = new("aten::empty_like");
    internal static readonly Op full_like = new("aten::full_like");
    internal static readonly Op rand_like = new("aten::rand_like");
    internal static readonly Op randn_like = new("aten::randn_like");
    internal static readonly Op randint_like_low_dtype = new("aten::randint_like", "low_dtype");
}
