namespace TorchSharp;

public static partial class torch
{
    // Reshaping, views, joining, sorting and matrix products.
    public partial class Tensor
    {
        /// <summary>The same elements with shape <paramref name="shape"/> (a view when possible); one dimension may be -1.</summary>
        /// <exception cref="ArgumentException">A size below -1, or more than one -1.</exception>
        public Tensor reshape(params long[] shape) => Aten.reshape.Args().Tensor(this).Ints(CheckShape(shape)).Call();

        /// <summary>A view with shape <paramref name="shape"/> sharing this tensor's storage; one dimension may be -1.</summary>
        /// <exception cref="ArgumentException">A size below -1, or more than one -1.</exception>
        public Tensor view(params long[] shape) => Aten.view.Args().Tensor(this).Ints(CheckShape(shape)).Call();

        /// <summary>A view with the shape of <paramref name="other"/>.</summary>
        public Tensor view_as(Tensor other) => view(other.shape);

        /// <summary>Merges dimensions <paramref name="start_dim"/> to <paramref name="end_dim"/> into one.</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1) =>
            Aten.flatten_using_ints.Args().Tensor(this).Int(CheckDim(start_dim, nameof(start_dim))).Int(CheckDim(end_dim, nameof(end_dim))).Call();

        /// <summary>Removes dimension <paramref name="dim"/> when its size is 1, or every size-1 dimension when null.</summary>
        public Tensor squeeze(long? dim = null) => dim.HasValue
            ? Aten.squeeze_dim.Args().Tensor(this).Int(CheckDim(dim.Value)).Call()
            : Aten.squeeze.Args().Tensor(this).Call();

        /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (in [-ndim-1, ndim]).</summary>
        public Tensor unsqueeze(long dim) => Aten.unsqueeze.Args().Tensor(this).Int(CheckDim(dim, extra: 1)).Call();

        /// <summary>A view with the dimensions reordered: result dimension i is input dimension <c>permutation[i]</c>.</summary>
        /// <exception cref="ArgumentException"><paramref name="permutation"/> is not a permutation of the dimensions.</exception>
        public Tensor permute(params long[] permutation)
        {
            ArgumentNullException.ThrowIfNull(permutation);
            var rank = ndim;
            if (permutation.Length != rank || permutation.Select(d => d < 0 ? d + rank : d).Distinct().Count() != rank
                || permutation.Any(d => d < -rank || d >= rank))
                throw new ArgumentException($"[{string.Join(", ", permutation)}] is not a permutation of the {rank} dimensions", nameof(permutation));
            return Aten.permute.Args().Tensor(this).Ints(permutation).Call();
        }

        /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped.</summary>
        public Tensor transpose(long dim0, long dim1) =>
            Aten.transpose_int.Args().Tensor(this).Int(CheckDim(dim0, nameof(dim0))).Int(CheckDim(dim1, nameof(dim1))).Call();

        /// <summary>The transpose of a matrix (a vector is returned as is).</summary>
        /// <exception cref="InvalidOperationException">The tensor has more than 2 dimensions.</exception>
        public Tensor t()
        {
            if (ndim > 2) throw new InvalidOperationException($"t() expects a tensor with at most 2 dimensions, this one has {ndim}; use transpose()");
            return Aten.t.Args().Tensor(this).Call();
        }

        /// <summary>A view broadcast to <paramref name="sizes"/> (-1 keeps a dimension); no memory is copied.</summary>
        public Tensor expand(long[] sizes, bool isImplicit = false)
        {
            ArgumentNullException.ThrowIfNull(sizes);
            return Aten.expand.Args().Tensor(this).Ints(sizes).Bool(isImplicit).Call();
        }

        /// <summary>A view broadcast to <paramref name="sizes"/>.</summary>
        public Tensor expand(params long[] sizes) => expand(sizes, false);

        /// <summary>A view broadcast to the shape of <paramref name="other"/>.</summary>
        public Tensor expand_as(Tensor other) => expand(other.shape);

        /// <summary>A view of <paramref name="length"/> elements of dimension <paramref name="dim"/> from <paramref name="start"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside the dimension.</exception>
        public Tensor narrow(long dim, long start, long length)
        {
            var size = this.size((int)CheckDim(dim));
            var s = start < 0 ? start + size : start;
            if (s < 0 || s > size) throw new ArgumentOutOfRangeException(nameof(start), start, $"start must be in [{-size}, {size}]");
            if (length < 0 || s + length > size)
                throw new ArgumentOutOfRangeException(nameof(length), length, $"start + length must be within the dimension's size {size}");
            return Aten.narrow.Args().Tensor(this).Int(dim).Int(start).Int(length).Call();
        }

        /// <summary>A view of index <paramref name="index"/> along <paramref name="dim"/>, that dimension removed.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the dimension.</exception>
        public Tensor select(long dim, long index)
        {
            var size = this.size((int)CheckDim(dim));
            if (index < -size || index >= size)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [{-size}, {size - 1}] for dimension {dim}");
            return Aten.select_int.Args().Tensor(this).Int(dim).Int(index).Call();
        }

        /// <summary>The entries at <paramref name="index"/> (int64 or int32 vector) along <paramref name="dim"/>.</summary>
        public Tensor index_select(long dim, Tensor index) => Aten.index_select.Args().Tensor(this).Int(CheckDim(dim)).Tensor(index).Call();

        /// <summary>Elements of this tensor where <paramref name="condition"/> is true, otherwise of <paramref name="y"/>.</summary>
        public Tensor where(Tensor condition, Tensor y) => Aten.where_self.Args().Tensor(condition).Tensor(this).Tensor(y).Call();

        /// <summary>The <paramref name="k"/> largest (or smallest) values along <paramref name="dim"/> and their indices.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or larger than the dimension.</exception>
        public (Tensor values, Tensor indexes) topk(int k, int dim = -1, bool largest = true, bool sorted = true)
        {
            var size = ndim == 0 ? 1 : this.size((int)CheckDim(dim));
            if (k < 0 || k > size) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [0, {size}]");
            return Aten.topk.Args().Tensor(this).Int(k).Int(dim).Bool(largest).Bool(sorted).Call2();
        }

        /// <summary>The <paramref name="k"/>-th smallest value (1-based) along <paramref name="dim"/> (the last when null) and its index.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [1, size].</exception>
        public (Tensor values, Tensor indices) kthvalue(long k, long? dim, bool keepdim = false)
        {
            var d = dim ?? -1;
            var size = ndim == 0 ? 1 : this.size((int)CheckDim(d));
            if (k < 1 || k > size) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {size}]");
            return Aten.kthvalue.Args().Tensor(this).Int(k).Int(d).Bool(keepdim).Call2();
        }

        /// <summary>The values sorted along <paramref name="dim"/> and their original indices.</summary>
        public (Tensor Values, Tensor Indices) sort(long dim = -1, bool descending = false, bool stable = false) =>
            Aten.sort_stable.Args().Tensor(this).Bool(stable).Int(CheckDim(dim)).Bool(descending).Call2();

        /// <summary>The indices that sort the values along <paramref name="dim"/>.</summary>
        public Tensor argsort(long dim = -1, bool descending = false) =>
            Aten.argsort.Args().Tensor(this).Int(CheckDim(dim)).Bool(descending).Call();

        /// <summary>Matrix product with broadcasting over batch dimensions (vectors are treated as in NumPy).</summary>
        public Tensor matmul(Tensor target) => Aten.matmul.Args().Tensor(this).Tensor(target).Call();

        /// <summary>Product of two matrices.</summary>
        public Tensor mm(Tensor target) => Aten.mm.Args().Tensor(this).Tensor(target).Call();

        /// <summary>Batched matrix product of [b, n, m] and [b, m, p].</summary>
        public Tensor bmm(Tensor batch2) => Aten.bmm.Args().Tensor(this).Tensor(batch2).Call();

        /// <summary>Splits into <paramref name="chunks"/> views along <paramref name="dim"/> (the last may be smaller).</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is not positive.</exception>
        public Tensor[] chunk(long chunks, long dim = 0)
        {
            if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "the number of chunks must be positive");
            return Aten.chunk.Args().Tensor(this).Int(chunks).Int(CheckDim(dim)).CallList();
        }

        /// <summary>Splits into views of <paramref name="size"/> entries along <paramref name="dim"/> (the last may be smaller).</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
        public Tensor[] split(long size, int dim = 0)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "the split size must be positive");
            return Aten.split_Tensor.Args().Tensor(this).Int(size).Int(CheckDim(dim)).CallList();
        }

        /// <summary>Splits into views of the given <paramref name="sizes"/> along <paramref name="dim"/>; they must add up to its size.</summary>
        public Tensor[] split(long[] sizes, long dim = 0)
        {
            ArgumentNullException.ThrowIfNull(sizes);
            var total = this.size((int)CheckDim(dim));
            if (sizes.Any(s => s < 0) || sizes.Sum() != total)
                throw new ArgumentException($"split sizes [{string.Join(", ", sizes)}] must be non-negative and add up to {total}", nameof(sizes));
            return Aten.split_with_sizes.Args().Tensor(this).Ints(sizes).Int(dim).CallList();
        }

        private static long[] CheckShape(long[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            if (shape.Any(d => d < -1) || shape.Count(d => d == -1) > 1)
                throw new ArgumentException($"invalid shape [{string.Join(", ", shape)}]: sizes must be non-negative, with at most one -1", nameof(shape));
            return shape;
        }
    }

    /// <summary>Joins <paramref name="tensors"/> along an existing dimension.</summary>
    /// <exception cref="ArgumentException"><paramref name="tensors"/> is empty.</exception>
    public static Tensor cat(IList<Tensor> tensors, long dim = 0)
    {
        CheckTensorList(tensors);
        return Aten.cat.Args().Tensors(tensors.ToArray()).Int(dim).Call();
    }

    /// <summary>Joins <paramref name="tensors"/> along an existing dimension.</summary>
    public static Tensor cat(Tensor[] tensors, long dim = 0) => cat((IList<Tensor>)tensors, dim);

    /// <summary>Joins <paramref name="tensors"/> of equal shape along a new dimension.</summary>
    /// <exception cref="ArgumentException"><paramref name="tensors"/> is empty.</exception>
    public static Tensor stack(IEnumerable<Tensor> tensors, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToArray();
        CheckTensorList(list);
        return Aten.stack.Args().Tensors(list).Int(dim).Call();
    }

    private static void CheckTensorList(IList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("expected at least one tensor", nameof(tensors));
        for (var i = 0; i < tensors.Count; i++)
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"tensor {i} is null");
    }

    /// <summary>Elements of <paramref name="x"/> where <paramref name="condition"/> is true, otherwise of <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => x.where(condition, y);

    /// <summary>A view with the dimensions reordered.</summary>
    public static Tensor permute(Tensor input, params long[] permutation) => input.permute(permutation);
    /// <summary>The same elements in a new shape.</summary>
    public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
    /// <summary>Merges a range of dimensions into one.</summary>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
    /// <summary>Inserts a dimension of size 1.</summary>
    public static Tensor unsqueeze(Tensor input, long dim) => input.unsqueeze(dim);
    /// <summary>Removes size-1 dimensions.</summary>
    public static Tensor squeeze(Tensor input, long? dim = null) => input.squeeze(dim);
    /// <summary>Swaps two dimensions.</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
    /// <summary>A narrowed view.</summary>
    public static Tensor narrow(Tensor input, long dim, long start, long length) => input.narrow(dim, start, length);
    /// <summary>A view of one index along a dimension.</summary>
    public static Tensor select(Tensor input, long dim, long index) => input.select(dim, index);
    /// <summary>Entries at the given indices along a dimension.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);
    /// <summary>The k largest values and their indices.</summary>
    public static (Tensor values, Tensor indexes) topk(Tensor tensor, int k, int dim = -1, bool largest = true, bool sorted = true) =>
        tensor.topk(k, dim, largest, sorted);
    /// <summary>The k-th smallest value and its index.</summary>
    public static (Tensor values, Tensor indices) kthvalue(Tensor input, long k, long? dim, bool keepdim = false) => input.kthvalue(k, dim, keepdim);
    /// <summary>Sorted values and their indices.</summary>
    public static (Tensor values, Tensor indices) sort(Tensor input, long dim = -1, bool descending = false, bool stable = false) =>
        input.sort(dim, descending, stable);
    /// <summary>Indices that sort the values.</summary>
    public static Tensor argsort(Tensor input, long dim = -1, bool descending = false) => input.argsort(dim, descending);
    /// <summary>Matrix product with broadcasting.</summary>
    public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);
    /// <summary>Product of two matrices.</summary>
    public static Tensor mm(Tensor input, Tensor mat2) => input.mm(mat2);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor input, Tensor batch2) => input.bmm(batch2);
    /// <summary>Splits into chunks.</summary>
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);
    /// <summary>Splits into pieces of the given sizes.</summary>
    public static Tensor[] split(Tensor tensor, long[] split_size_or_sections, long dim = 0) => tensor.split(split_size_or_sections, dim);

    /// <summary>Linear algebra.</summary>
    public static partial class linalg
    {
        /// <summary>Singular value decomposition <c>input = U diag(S) Vh</c>; singular values in descending order.
        /// With <paramref name="fullMatrices"/> false, U is [m, k] and Vh is [k, n] with k = min(m, n).</summary>
        /// <exception cref="ArgumentException"><paramref name="input"/> has fewer than 2 dimensions.</exception>
        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor input, bool fullMatrices = true)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (input.ndim < 2) throw new ArgumentException($"svd needs a matrix (or a batch of them), got {input.ndim} dimensions", nameof(input));
            return Aten.linalg_svd.Args().Tensor(input).Bool(fullMatrices).Call3();
        }
    }
}
