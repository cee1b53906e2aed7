using TorchSharp.Native;

namespace TorchSharp;

// Comparisons and reductions.
internal static partial class Aten
{
    internal static readonly Op eq_Tensor = new("aten::eq", "Tensor");
    internal static readonly Op eq_Scalar = new("aten::eq", "Scalar");
    internal static readonly Op eq__Tensor = new("aten::eq_", "Tensor");
    internal static readonly Op eq__Scalar = new("aten::eq_", "Scalar");
    internal static readonly Op ne_Tensor = new("aten::ne", "Tensor");
    internal static readonly Op ne_Scalar = new("aten::ne", "Scalar");
    internal static readonly Op ne__Tensor = new("aten::ne_", "Tensor");
    internal static readonly Op ne__Scalar = new("aten::ne_", "Scalar");
    internal static readonly Op gt_Tensor = new("aten::gt", "Tensor");
    internal static readonly Op gt_Scalar = new("aten::gt", "Scalar");
    internal static readonly Op gt__Tensor = new("aten::gt_", "Tensor");
    internal static readonly Op gt__Scalar = new("aten::gt_", "Scalar");
    internal static readonly Op ge_Tensor = new("aten::ge", "Tensor");
    internal static readonly Op ge_Scalar = new("aten::ge", "Scalar");
    internal static readonly Op ge__Tensor = new("aten::ge_", "Tensor");
    internal static readonly Op ge__Scalar = new("aten::ge_", "Scalar");
    internal static readonly Op lt_Tensor = new("aten::lt", "Tensor");
    internal static readonly Op lt_Scalar = new("aten::lt", "Scalar");
    internal static readonly Op lt__Tensor = new("aten::lt_", "Tensor");
    internal static readonly Op lt__Scalar = new("aten::lt_", "Scalar");
    internal static readonly Op le_Tensor = new("aten::le", "Tensor");
    internal static readonly Op le_Scalar = new("aten::le", "Scalar");
    internal static readonly Op le__Tensor = new("aten::le_", "Tensor");
    internal static readonly Op le__Scalar = new("aten::le_", "Scalar");
    internal static readonly Op equal = new("aten::equal");
    internal static readonly Op allclose = new("aten::allclose");
    internal static readonly Op isclose = new("aten::isclose");
    internal static readonly Op isnan = new("aten::isnan");
    internal static readonly Op logical_not = new("aten::logical_not");

    internal static readonly Op sum_dim_IntList = new("aten::sum", "dim_IntList");
    internal static readonly Op mean = new("aten::mean");
    internal static readonly Op mean_dim = new("aten::mean", "dim");
    internal static readonly Op max = new("aten::max");
    internal static readonly Op max_other = new("aten::max", "other");
    internal static readonly Op max_dim = new("aten::max", "dim");
    internal static readonly Op min = new("aten::min");
    internal static readonly Op min_other = new("aten::min", "other");
    internal static readonly Op min_dim = new("aten::min", "dim");
    internal static readonly Op argmax = new("aten::argmax");
    internal static readonly Op argmin = new("aten::argmin");
    internal static readonly Op std = new("aten::std");
    internal static readonly Op std_dim = new("aten::std", "dim");
    internal static readonly Op var = new("aten::var");
    internal static readonly Op var_dim = new("aten::var", "dim");
    internal static readonly Op norm_Scalar = new("aten::norm", "Scalar");
    internal static readonly Op norm_ScalarOpt_dim = new("aten::norm", "ScalarOpt_dim");
    internal static readonly Op count_nonzero = new("aten::count_nonzero");
    internal static readonly Op count_nonzero_dim_IntList = new("aten::count_nonzero", "dim_IntList");
    internal static readonly Op all = new("aten::all");
    internal static readonly Op all_dim = new("aten::all", "dim");
    internal static readonly Op any = new("aten::any");
    internal static readonly Op any_dim = new("aten::any", "dim");
    internal static readonly Op prod = new("aten::prod");
    internal static readonly Op prod_dim_int = new("aten::prod", "dim_int");
}
