namespace TorchSharp;

public static partial class torch
{
    // Reductions over all elements or over given dimensions. Dimensions may be negative (counted from the
    // end) and are checked before the call: an out-of-range one is an ArgumentOutOfRangeException.
    public partial class Tensor
    {
        /// <summary>Sum of all elements (as <paramref name="type"/> when given; integer and bool inputs sum to int64).</summary>
        public Tensor sum(ScalarType? type = null) => Aten.sum.Args().Tensor(this).ScalarType(type).Call();

        /// <summary>Sum over the dimensions <paramref name="dim"/>, kept as size 1 when <paramref name="keepdim"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
        public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) =>
            Aten.sum_dim_IntList.Args().Tensor(this).Ints(CheckDims(dim)).Bool(keepdim).ScalarType(type).Call();

        /// <summary>Sum over the dimensions <paramref name="dim"/>.</summary>
        public Tensor sum(ReadOnlySpan<long> dim, bool keepdim = false, ScalarType? type = null) => sum(dim.ToArray(), keepdim, type);

        /// <summary>Sum over one dimension.</summary>
        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => sum([dim], keepdim, type);

        /// <summary>Sum over one dimension. (Not in TorchSharp: without it C# binds <c>sum(0)</c> to
        /// <see cref="sum(ScalarType?)"/>, since the literal 0 converts to any enum.)</summary>
        public Tensor sum(int dim, bool keepdim = false, ScalarType? type = null) => sum([(long)dim], keepdim, type);

        /// <summary>Sum over two dimensions.</summary>
        public Tensor sum(long dim0, long dim1, bool keepdim = false, ScalarType? type = null) => sum([dim0, dim1], keepdim, type);

        /// <summary>Sum over three dimensions.</summary>
        public Tensor sum(long dim0, long dim1, long dim2, bool keepdim = false, ScalarType? type = null) => sum([dim0, dim1, dim2], keepdim, type);

        /// <summary>Mean of all elements (floating-point tensors only).</summary>
        public Tensor mean() => Aten.mean.Args().Tensor(this).Call();

        /// <summary>Mean over <paramref name="dimensions"/>, computed as <paramref name="type"/> when given.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
        public Tensor mean(long[] dimensions, bool keepdim = false, ScalarType? type = null) =>
            Aten.mean_dim.Args().Tensor(this).Ints(CheckDims(dimensions, nameof(dimensions))).Bool(keepdim).ScalarType(type).Call();

        /// <summary>Product of all elements.</summary>
        public Tensor prod(ScalarType? type = null) => Aten.prod.Args().Tensor(this).ScalarType(type).Call();

        /// <summary>Product over one dimension.</summary>
        public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) =>
            Aten.prod_dim_int.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).ScalarType(type).Call();

        /// <summary>Product over one dimension (see <see cref="sum(int, bool, ScalarType?)"/> for why an int overload exists).</summary>
        public Tensor prod(int dim, bool keepdim = false, ScalarType? type = null) => prod((long)dim, keepdim, type);

        /// <summary>The largest element, as a 0-dim tensor.</summary>
        public Tensor max() => Aten.max.Args().Tensor(this).Call();

        /// <summary>Element-wise maximum with <paramref name="other"/>.</summary>
        public Tensor max(Tensor other) => Aten.max_other.Args().Tensor(this).Tensor(other).Call();

        /// <summary>The largest values along <paramref name="dim"/> and their indices (int64).</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) =>
            Aten.max_dim.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call2();

        /// <summary>The smallest element, as a 0-dim tensor.</summary>
        public Tensor min() => Aten.min.Args().Tensor(this).Call();

        /// <summary>Element-wise minimum with <paramref name="other"/>.</summary>
        public Tensor min(Tensor other) => Aten.min_other.Args().Tensor(this).Tensor(other).Call();

        /// <summary>The smallest values along <paramref name="dim"/> and their indices (int64).</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) =>
            Aten.min_dim.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call2();

        /// <summary>The flat index of the largest element.</summary>
        public Tensor argmax() => Aten.argmax.Args().Tensor(this).Call();

        /// <summary>The indices of the largest values along <paramref name="dim"/>.</summary>
        public Tensor argmax(long dim, bool keepdim = false) => Aten.argmax.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call();

        /// <summary>The flat index of the smallest element.</summary>
        public Tensor argmin() => Aten.argmin.Args().Tensor(this).Call();

        /// <summary>The indices of the smallest values along <paramref name="dim"/>.</summary>
        public Tensor argmin(long dim, bool keepdim = false) => Aten.argmin.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call();

        /// <summary>Standard deviation of all elements; Bessel-corrected (n - 1) when <paramref name="unbiased"/>.</summary>
        public Tensor std(bool unbiased = true) => Aten.std.Args().Tensor(this).Bool(unbiased).Call();

        /// <summary>Standard deviation over <paramref name="dimensions"/> (computed on the input converted to <paramref name="type"/> when given).</summary>
        public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            Spread(Aten.std_dim, dimensions, unbiased, keepdim, type);

        /// <summary>Standard deviation over <paramref name="dimensions"/>.</summary>
        public Tensor std(ReadOnlySpan<long> dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            std(dimensions.ToArray(), unbiased, keepdim, type);

        /// <summary>Standard deviation over one dimension.</summary>
        public Tensor std(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std([dim], unbiased, keepdim, type);

        /// <summary>Variance of all elements; Bessel-corrected (n - 1) when <paramref name="unbiased"/>.</summary>
        public Tensor var(bool unbiased = true) => Aten.var.Args().Tensor(this).Bool(unbiased).Call();

        /// <summary>Variance over <paramref name="dimensions"/>.</summary>
        public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            Spread(Aten.var_dim, dimensions, unbiased, keepdim, type);

        /// <summary>Variance over <paramref name="dimensions"/>.</summary>
        public Tensor var(ReadOnlySpan<long> dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            var(dimensions.ToArray(), unbiased, keepdim, type);

        /// <summary>Variance over one dimension.</summary>
        public Tensor var(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var([dim], unbiased, keepdim, type);

        private Tensor Spread(Native.Op op, long[] dimensions, bool unbiased, bool keepdim, ScalarType? type)
        {
            CheckDims(dimensions, nameof(dimensions));
            if (type is null || type == dtype) return op.Args().Tensor(this).Ints(dimensions).Bool(unbiased).Bool(keepdim).Call();
            using var converted = to_type(type.Value);
            return op.Args().Tensor(converted).Ints(dimensions).Bool(unbiased).Bool(keepdim).Call();
        }

        /// <summary>The <paramref name="p"/>-norm of all elements (2: Euclidean).</summary>
        public Tensor norm(float p = 2.0f) => Aten.norm_Scalar.Args().Tensor(this).Scalar(p).Call();

        /// <summary>The <paramref name="p"/>-norm along <paramref name="dim"/>.</summary>
        public Tensor norm(int dim, bool keepdim = false, float p = 2.0f) =>
            Aten.norm_ScalarOpt_dim.Args().Tensor(this).Scalar(p).Ints([CheckDim(dim)]).Bool(keepdim).Call();

        /// <summary>The number of non-zero elements, over all elements or over <paramref name="dims"/>.</summary>
        public Tensor count_nonzero(long[]? dims = null) => dims is null
            ? Aten.count_nonzero.Args().Tensor(this).Call()
            : Aten.count_nonzero_dim_IntList.Args().Tensor(this).Ints(CheckDims(dims, nameof(dims))).Call();

        /// <summary>True (bool 0-dim tensor) when every element is non-zero.</summary>
        public Tensor all() => Aten.all.Args().Tensor(this).Call();

        /// <summary>Whether every element along <paramref name="dim"/> is non-zero.</summary>
        public Tensor all(long dim, bool keepdim = false) => Aten.all_dim.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call();

        /// <summary>True (bool 0-dim tensor) when some element is non-zero.</summary>
        public Tensor any() => Aten.any.Args().Tensor(this).Call();

        /// <summary>Whether some element along <paramref name="dim"/> is non-zero.</summary>
        public Tensor any(long dim, bool keepdim = false) => Aten.any_dim.Args().Tensor(this).Int(CheckDim(dim)).Bool(keepdim).Call();

        /// <summary>Checks that <paramref name="dim"/> names a dimension of this tensor (a 0-dim tensor accepts -1 and 0).</summary>
        internal long CheckDim(long dim, string name = "dim", long extra = 0)
        {
            var rank = Math.Max(ndim + extra, 1);
            if (dim < -rank || dim >= rank)
                throw new ArgumentOutOfRangeException(name, dim, $"dimension out of range for a tensor with {ndim} dimensions: expected [{-rank}, {rank - 1}]");
            return dim;
        }

        internal long[] CheckDims(long[] dims, string name = "dim")
        {
            ArgumentNullException.ThrowIfNull(dims, name);
            foreach (var d in dims) CheckDim(d, name);
            return dims;
        }
    }

    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor input, ScalarType? type = null) => input.sum(type);
    /// <summary>Sum over dimensions.</summary>
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    /// <summary>Sum over one dimension.</summary>
    public static Tensor sum(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor input) => input.mean();
    /// <summary>Mean over dimensions.</summary>
    public static Tensor mean(Tensor input, long[] dimensions, bool keepdim = false, ScalarType? type = null) => input.mean(dimensions, keepdim, type);
    /// <summary>The largest element.</summary>
    public static Tensor max(Tensor input) => input.max();
    /// <summary>Element-wise maximum.</summary>
    public static Tensor max(Tensor input, Tensor other) => input.max(other);
    /// <summary>The largest values along a dimension and their indices.</summary>
    public static (Tensor values, Tensor indexes) max(Tensor input, long dim, bool keepdim = false) => input.max(dim, keepdim);
    /// <summary>The smallest element.</summary>
    public static Tensor min(Tensor input) => input.min();
    /// <summary>Element-wise minimum.</summary>
    public static Tensor min(Tensor input, Tensor other) => input.min(other);
    /// <summary>The smallest values along a dimension and their indices.</summary>
    public static (Tensor values, Tensor indexes) min(Tensor input, long dim, bool keepdim = false) => input.min(dim, keepdim);
    /// <summary>The flat index of the largest element.</summary>
    public static Tensor argmax(Tensor input) => input.argmax();
    /// <summary>The indices of the largest values along a dimension.</summary>
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    /// <summary>The flat index of the smallest element.</summary>
    public static Tensor argmin(Tensor input) => input.argmin();
    /// <summary>The indices of the smallest values along a dimension.</summary>
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    /// <summary>Standard deviation of all elements.</summary>
    public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
    /// <summary>Variance of all elements.</summary>
    public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
    /// <summary>Product of all elements.</summary>
    public static Tensor prod(Tensor input, ScalarType? type = null) => input.prod(type);
    /// <summary>Number of non-zero elements.</summary>
    public static Tensor count_nonzero(Tensor input, long[]? dims = null) => input.count_nonzero(dims);
    /// <summary>Whether all elements are non-zero.</summary>
    public static Tensor all(Tensor input) => input.all();
    /// <summary>Whether any element is non-zero.</summary>
    public static Tensor any(Tensor input) => input.any();
}
