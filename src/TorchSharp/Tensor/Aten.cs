using TorchSharp.Native;

namespace TorchSharp;

/// <summary>The ATen operators the binding calls, one field each, looked up on first use.
/// Named after the schema: <c>add_Tensor</c> is <c>aten::add.Tensor</c>.</summary>
internal static partial class Aten
{
    internal static readonly Op add_Tensor = new("aten::add", "Tensor");
    internal static readonly Op add_Scalar = new("aten::add", "Scalar");
    internal static readonly Op zeros = new("aten::zeros");
    internal static readonly Op ones = new("aten::ones");
    internal static readonly Op empty = new("aten::empty", "memory_format");
    internal static readonly Op full = new("aten::full");
    internal static readonly Op sum = new("aten::sum");
    internal static readonly Op item = new("aten::item");
    internal static readonly Op to_dtype = new("aten::to", "dtype");
    internal static readonly Op detach = new("aten::detach");
}
