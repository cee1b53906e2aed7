using TorchSharp.Native;

namespace TorchSharp;

// Shapes, views, indexing, joining, sorting, matrix products, random fills.
internal static partial class Aten
{
    internal static readonly Op reshape = new("aten::reshape");
    internal static readonly Op view = new("aten::view");
    internal static readonly Op flatten_using_ints = new("aten::flatten", "using_ints");
    internal static readonly Op squeeze = new("aten::squeeze");
    internal static readonly Op squeeze_dim = new("aten::squeeze", "dim");
    internal static readonly Op unsqueeze = new("aten::unsqueeze");
    internal static readonly Op permute = new("aten::permute");
    internal static readonly Op transpose_int = new("aten::transpose", "int");
    internal static readonly Op t = new("aten::t");
    internal static readonly Op expand = new("aten::expand");
    internal static readonly Op narrow = new("aten::narrow");
    internal static readonly Op select_int = new("aten::select", "int");
    internal static readonly Op slice_Tensor = new("aten::slice", "Tensor");
    internal static readonly Op index_select = new("aten::index_select");
    internal static readonly Op index_Tensor = new("aten::index", "Tensor");
    internal static readonly Op index_put_ = new("aten::index_put_");
    internal static readonly Op cat = new("aten::cat");
    internal static readonly Op stack = new("aten::stack");
    internal static readonly Op where_self = new("aten::where", "self");
    internal static readonly Op topk = new("aten::topk");
    internal static readonly Op kthvalue = new("aten::kthvalue");
    internal static readonly Op sort_stable = new("aten::sort", "stable");
    internal static readonly Op argsort = new("aten::argsort");
    internal static readonly Op matmul = new("aten::matmul");
    internal static readonly Op mm = new("aten::mm");
    internal static readonly Op bmm = new("aten::bmm");
    internal static readonly Op chunk = new("aten::chunk");
    internal static readonly Op split_Tensor = new("aten::split", "Tensor");
    internal static readonly Op split_with_sizes = new("aten::split_with_sizes");
    internal static readonly Op linalg_svd = new("aten::linalg_svd");
    internal static readonly Op randperm = new("aten::randperm");
    internal static readonly Op uniform_ = new("aten::uniform_");
    internal static readonly Op normal_ = new("aten::normal_");
    internal static readonly Op bernoulli__float = new("aten::bernoulli_", "float");
}
