namespace TorchSharp;

public static partial class torch
{
    // NumPy-style indexing: t[0], t[1..3], t[.., 0], t[TensorIndex.Slice(0, 4, 2)], t[mask].
    public partial class Tensor
    {
        /// <summary>The part of this tensor picked by <paramref name="indices"/> (a view unless a tensor index is used).
        /// Setting copies the value (broadcast) into that part.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An index is outside its dimension.</exception>
        /// <exception cref="ArgumentException">More indices than dimensions, or more than one ellipsis.</exception>
        public Tensor this[params TensorIndex[] indices]
        {
            get => index(indices);
            set => index_put_(value, indices);
        }

        /// <summary>The sub-tensor at position <paramref name="i1"/> of the first dimension (a view). Setting copies into it.</summary>
        public Tensor this[long i1]
        {
            get => index(TensorIndex.Single(i1));
            set => index_put_(value, TensorIndex.Single(i1));
        }

        /// <summary>The sub-tensor at positions <paramref name="i1"/>, <paramref name="i2"/> (a view). Setting copies into it.</summary>
        public Tensor this[long i1, long i2]
        {
            get => index(TensorIndex.Single(i1), TensorIndex.Single(i2));
            set => index_put_(value, TensorIndex.Single(i1), TensorIndex.Single(i2));
        }

        /// <summary>The sub-tensor at three positions (a view). Setting copies into it.</summary>
        public Tensor this[long i1, long i2, long i3]
        {
            get => index(TensorIndex.Single(i1), TensorIndex.Single(i2), TensorIndex.Single(i3));
            set => index_put_(value, TensorIndex.Single(i1), TensorIndex.Single(i2), TensorIndex.Single(i3));
        }

        /// <summary>The part picked by <paramref name="indices"/> (see the indexer).</summary>
        public Tensor index(params TensorIndex[] indices)
        {
            var (view, tensorIndex, dim) = BasicIndex(indices);
            if (tensorIndex is null) return view;
            using (view) return Aten.index_Tensor.Args().Tensor(view).OptionalTensors(TensorIndexList(tensorIndex, dim)).Call();
        }

        /// <summary>Writes <paramref name="value"/> (broadcast) into the part picked by <paramref name="indices"/>. Returns this tensor.</summary>
        public Tensor index_put_(Tensor value, params TensorIndex[] indices)
        {
            ArgumentNullException.ThrowIfNull(value);
            var (view, tensorIndex, dim) = BasicIndex(indices);
            using (view)
            {
                if (tensorIndex is null) view.copy_(value);
                else Aten.index_put_.Args().Tensor(view).OptionalTensors(TensorIndexList(tensorIndex, dim)).Tensor(value).Bool(false).CallVoid();
            }
            return this;
        }

        /// <summary>Writes <paramref name="value"/> into every element of the part picked by <paramref name="indices"/>. Returns this tensor.</summary>
        public Tensor index_put_(Scalar value, params TensorIndex[] indices)
        {
            using var v = full(ReadOnlySpan<long>.Empty, value, dtype);
            return index_put_(v, indices);
        }

        private static Tensor?[] TensorIndexList(Tensor tensorIndex, long dim)
        {
            var list = new Tensor?[dim + 1];
            list[dim] = tensorIndex;
            return list;
        }

        /// <summary>Applies the basic indices (positions, slices, new axes) as views. A tensor index must come last
        /// among the dimension-consuming ones; it is returned with the dimension it applies to.</summary>
        private (Tensor view, Tensor? tensorIndex, long dim) BasicIndex(TensorIndex[] indices)
        {
            ArgumentNullException.ThrowIfNull(indices);
            var rank = ndim;
            var consuming = indices.Count(i => i.kind is TensorIndex.Kind.Single or TensorIndex.Kind.Slice)
                + indices.Where(i => i.kind == TensorIndex.Kind.Tensor).Sum(i => i.tensor!.dtype == ScalarType.Bool ? i.tensor.ndim : 1);
            var ellipses = indices.Count(i => i.kind == TensorIndex.Kind.Ellipsis);
            if (ellipses > 1) throw new ArgumentException("at most one ellipsis is allowed", nameof(indices));
            if (consuming > rank)
                throw new ArgumentException($"too many indices ({consuming}) for a tensor with {rank} dimensions", nameof(indices));
            var current = Alias();
            long dim = 0;
            try
            {
                for (var k = 0; k < indices.Length; k++)
                {
                    var ix = indices[k];
                    Tensor next;
                    switch (ix.kind)
                    {
                        case TensorIndex.Kind.Single:
                            var size = current.size((int)dim);
                            var i = ix.start!.Value;
                            if (i < -size || i >= size)
                                throw new ArgumentOutOfRangeException(nameof(indices), i, $"index {i} is out of range for dimension {dim} of size {size}");
                            next = Aten.select_int.Args().Tensor(current).Int(dim).Int(i).Call();
                            break;
                        case TensorIndex.Kind.Slice:
                            next = Aten.slice_Tensor.Args().Tensor(current).Int(dim).OptionalInt(ix.start).OptionalInt(ix.stop).Int(ix.step ?? 1).Call();
                            dim++;
                            break;
                        case TensorIndex.Kind.None:
                            next = Aten.unsqueeze.Args().Tensor(current).Int(dim).Call();
                            dim++;
                            break;
                        case TensorIndex.Kind.Ellipsis:
                            dim += rank - consuming;
                            continue;
                        default:
                            if (indices.Skip(k + 1).Any(j => j.kind != TensorIndex.Kind.Ellipsis && j.kind != TensorIndex.Kind.Slice || j.start.HasValue || j.stop.HasValue || j.step.HasValue))
                                throw new ArgumentException("a tensor index may only be followed by full slices (:) or an ellipsis", nameof(indices));
                            return (current, ix.tensor, dim);
                    }
                    current.Dispose();
                    current = next;
                }
                return (current, null, dim);
            }
            catch
            {
                current.Dispose();
                throw;
            }
        }
    }
}
