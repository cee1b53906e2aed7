using System.Collections;
using static TorchSharp.torch;

namespace TorchSharp.Utils;

/// <summary>The elements of a tensor as .NET values, returned by <see cref="Tensor.data{T}"/>.
/// Unlike TorchSharp's accessor, which reads the tensor's memory directly, this one holds a row-major
/// copy taken when it was created: later in-place changes to the tensor are not seen, and disposing
/// the tensor cannot invalidate it. Writing an element updates the copy and writes it back to the tensor.</summary>
/// <typeparam name="T">The .NET type of the elements (float for Float32, long for Int64 ...).</typeparam>
public sealed class TensorAccessor<T> : IReadOnlyList<T>, IDisposable where T : unmanaged
{
    private readonly Tensor _tensor;
    private readonly T[] _values;
    private readonly long[] _shape;

    internal TensorAccessor(Tensor tensor)
    {
        _tensor = tensor;
        _shape = tensor.shape;
        _values = tensor.ReadElements<T>();
    }

    /// <summary>The number of elements.</summary>
    public long Count => _values.LongLength;

    int IReadOnlyCollection<T>.Count => _values.Length;

    T IReadOnlyList<T>.this[int index] => this[index];

    /// <summary>The element at a flat row-major <paramref name="index"/>. Setting it writes the whole tensor back.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    /// <exception cref="ObjectDisposedException">Setting after the tensor was disposed.</exception>
    public T this[long index]
    {
        get => _values[CheckFlat(index)];
        set
        {
            _values[CheckFlat(index)] = value;
            _tensor.WriteElements<T>(_values);
        }
    }

    /// <summary>The element at one index per dimension (negative indices count from the end).</summary>
    /// <exception cref="ArgumentException">The number of indices is not the tensor's rank.</exception>
    /// <exception cref="IndexOutOfRangeException">An index is outside its dimension.</exception>
    public T this[params long[] indices]
    {
        get => _values[Flatten(indices)];
        set
        {
            _values[Flatten(indices)] = value;
            _tensor.WriteElements<T>(_values);
        }
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public T[] ToArray() => (T[])_values.Clone();

    /// <summary>The elements in row-major order.</summary>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Nothing to release: the accessor holds a managed copy.</summary>
    public void Dispose() { }

    private long CheckFlat(long index) =>
        index >= 0 && index < _values.LongLength
            ? index
            : throw new IndexOutOfRangeException($"index {index} is outside [0, {_values.LongLength})");

    private long Flatten(long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length == 1 && _shape.Length != 1) return CheckFlat(indices[0]);
        if (indices.Length != _shape.Length)
            throw new ArgumentException($"expected {_shape.Length} indices, one per dimension, got {indices.Length}", nameof(indices));
        long flat = 0;
        for (var d = 0; d < indices.Length; d++)
        {
            var i = indices[d] < 0 ? indices[d] + _shape[d] : indices[d];
            if (i < 0 || i >= _shape[d])
                throw new IndexOutOfRangeException($"index {indices[d]} is outside dimension {d} of size {_shape[d]}");
            flat = flat * _shape[d] + i;
        }
        return flat;
    }
}
