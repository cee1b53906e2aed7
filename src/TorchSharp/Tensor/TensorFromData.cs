using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorchSharp;

public static partial class torch
{
    private static Tensor FromScalar<T>(T value, ScalarType natural, ScalarType? dtype, Device? device, bool requires_grad)
        where T : unmanaged =>
        FromMemory(new ReadOnlySpan<T>(in value), [], natural, dtype, device, requires_grad);

    private static T[] ToArray<T>(IList<T> list, [CallerArgumentExpression(nameof(list))] string name = "rawArray")
    {
        ArgumentNullException.ThrowIfNull(list, name);
        if (list is T[] array) return array;
        var copy = new T[list.Count];
        list.CopyTo(copy, 0);
        return copy;
    }

    private static Tensor FromArray<T>(T[] rawArray, ReadOnlySpan<long> dimensions, ScalarType natural, ScalarType? dtype, Device? device,
        bool requires_grad) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rawArray);
        return FromMemory<T>(rawArray, dimensions, natural, dtype, device, requires_grad);
    }

    private static Tensor FromVector<T>(T[] rawArray, ScalarType natural, ScalarType? dtype, Device? device, bool requires_grad)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rawArray);
        return FromMemory<T>(rawArray, [rawArray.LongLength], natural, dtype, device, requires_grad);
    }

    private static Tensor FromMultiDimensional<T>(Array rawArray, ScalarType natural, ScalarType? dtype, Device? device, bool requires_grad)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rawArray);
        var shape = new long[rawArray.Rank];
        for (var d = 0; d < shape.Length; d++) shape[d] = rawArray.GetLongLength(d);
        // A multi-dimensional array is one row-major block of elements.
        var data = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(rawArray)), rawArray.Length);
        return FromMemory(data, shape, natural, dtype, device, requires_grad);
    }

    private static Tensor FromMemory<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> dimensions, ScalarType natural, ScalarType? dtype,
        Device? device, bool requires_grad) where T : unmanaged
    {
        long count = 1;
        foreach (var d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"dimensions must not be negative, got [{string.Join(", ", dimensions.ToArray())}]", nameof(dimensions));
            count = d == 0 || count == 0 ? 0 : checked(count * d);
        }
        if (count != data.Length)
            throw new ArgumentException($"the shape [{string.Join(", ", dimensions.ToArray())}] holds {count} elements but the data has {data.Length}", nameof(dimensions));
        var t = FromSpan(data, dimensions, natural);
        if ((dtype.HasValue && dtype.Value != natural) || (device is not null && device.type != DeviceType.CPU))
        {
            using var source = t;
            t = source.to(dtype ?? natural, device ?? CPU);
        }
        if (requires_grad) t.requires_grad = true;
        return t;
    }
}
