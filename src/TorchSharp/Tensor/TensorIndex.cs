namespace TorchSharp;

public static partial class torch
{
    /// <summary>One index in <see cref="Tensor.this[TensorIndex[]]"/>: a single position, a slice, a new axis
    /// (<see cref="None"/>), <see cref="Ellipsis"/>, or a tensor of indices or a bool mask. Converts implicitly
    /// from long, <see cref="System.Index"/>, <see cref="System.Range"/> and tensors, as in TorchSharp.</summary>
    public readonly struct TensorIndex
    {
        internal enum Kind { Slice, Single, None, Ellipsis, Tensor }

        internal Kind kind { get; init; }
        internal long? start { get; init; }
        internal long? stop { get; init; }
        internal long? step { get; init; }
        internal Tensor? tensor { get; init; }

        /// <summary>Positions <paramref name="start"/> (inclusive) to <paramref name="stop"/> (exclusive) in steps of
        /// <paramref name="step"/>; null bounds mean the ends, negative ones count from the end.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive.</exception>
        public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null)
        {
            if (step is <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "slice steps must be positive");
            return new() { kind = Kind.Slice, start = start, stop = stop, step = step };
        }

        /// <summary>A slice from a C# range (<c>1..3</c>, <c>..^1</c>).</summary>
        public static TensorIndex Slice(Range range) => new()
        {
            kind = Kind.Slice,
            start = range.Start.IsFromEnd ? (range.Start.Value == 0 ? null : -range.Start.Value) : range.Start.Value,
            stop = range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value,
        };

        /// <summary>A slice from a (start, end) pair; null means the end.</summary>
        public static TensorIndex Slice((int? start, int? end) range) => Slice(range.start, range.end);

        /// <summary>A single position (the dimension is removed); negative counts from the end.</summary>
        public static TensorIndex Single(long index) => new() { kind = Kind.Single, start = index };

        /// <summary>Indices (int64) or a bool mask.</summary>
        public static TensorIndex Tensor(Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            return new() { kind = Kind.Tensor, tensor = tensor };
        }

        /// <summary>Inserts a new dimension of size 1.</summary>
        public static readonly TensorIndex None = new() { kind = Kind.None };

        /// <summary>As many full slices as needed to cover the dimensions not indexed otherwise.</summary>
        public static readonly TensorIndex Ellipsis = new() { kind = Kind.Ellipsis };

        /// <summary>A full slice (<c>:</c>).</summary>
        public static readonly TensorIndex Colon = new() { kind = Kind.Slice };

        /// <summary>A single position.</summary>
        public static implicit operator TensorIndex(long value) => Single(value);

        /// <summary>A single position, possibly from the end (<c>^1</c>).</summary>
        public static implicit operator TensorIndex(Index index) => Single(index.IsFromEnd ? -index.Value : index.Value);

        /// <summary>A slice.</summary>
        public static implicit operator TensorIndex(Range range) => Slice(range);

        /// <summary>A slice.</summary>
        public static implicit operator TensorIndex((int? start, int? end) range) => Slice(range);

        /// <summary>Indices or a bool mask.</summary>
        public static implicit operator TensorIndex(Tensor tensor) => Tensor(tensor);
    }
}
