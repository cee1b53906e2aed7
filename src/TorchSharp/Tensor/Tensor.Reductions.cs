namespace TorchSharp;

public static partial class torch
{
    // Reductions over all elements or over given dimensions.
    public partial class Tensor
    {
        /// <summary>Sum of all elements (as <paramref name="type"/> when given; integer and bool inputs sum to int64).</summary>
        public Tensor sum(ScalarType? type = null) => Aten.sum.Args().Tensor(this).ScalarType(type).Call();
    }
}
