using TorchSharp.Native;

namespace TorchSharp;

/// <summary>The ATen operators behind modules, functional operations, initialization and serialization.</summary>
internal static partial class Aten
{
    internal static readonly Op conv2d = new("aten::conv2d");
    internal static readonly Op conv2d_padding = new("aten::conv2d", "padding");
    internal static readonly Op pad = new("aten::pad");
    internal static readonly Op linear = new("aten::linear");
    internal static readonly Op batch_norm = new("aten::batch_norm");
    internal static readonly Op relu = new("aten::relu");
    internal static readonly Op relu_ = new("aten::relu_");
    internal static readonly Op max_pool2d = new("aten::max_pool2d");
    internal static readonly Op avg_pool2d = new("aten::avg_pool2d");
    internal static readonly Op adaptive_avg_pool2d = new("aten::adaptive_avg_pool2d");
    internal static readonly Op dropout = new("aten::dropout");
    internal static readonly Op dropout_ = new("aten::dropout_");
    internal static readonly Op softmax_int = new("aten::softmax", "int");
    internal static readonly Op log_softmax_int = new("aten::log_softmax", "int");
    internal static readonly Op clamp_min = new("aten::clamp_min");
    internal static readonly Op cross_entropy_loss = new("aten::cross_entropy_loss");
    internal static readonly Op nll_loss_nd = new("aten::nll_loss_nd");
    internal static readonly Op mse_loss = new("aten::mse_loss");
    internal static readonly Op l1_loss = new("aten::l1_loss");
    internal static readonly Op kl_div = new("aten::kl_div");
    internal static readonly Op to_device = new("aten::to", "device");
    internal static readonly Op alias = new("aten::alias");
    internal static readonly Op set_data = new("aten::set_data");
}
