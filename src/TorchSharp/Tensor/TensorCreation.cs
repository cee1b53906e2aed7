using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, size, dtype, device, requires_grad);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, size, dtype, device, requires_grad);

    /// <summary>An uninitialized tensor.</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, size, dtype, device, requires_grad);

    private static Tensor Filled(Op op, long[] size, ScalarType? dtype, Device? device, bool requires_grad)
    {
        CheckSize(size);
        var t = op.Args().Ints(size).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Checks a shape argument: not null, no negative dimension.</summary>
    internal static void CheckSize(long[] size, string name = "size")
    {
        ArgumentNullException.ThrowIfNull(size, name);
        foreach (var d in size)
            if (d < 0) throw new ArgumentException($"dimensions must not be negative, got [{string.Join(", ", size)}]", name);
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="rawArray"/> with the given dimensions.</summary>
    public static Tensor tensor(float[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray(rawArray, dimensions, ScalarType.Float32, dtype, requires_grad);

    /// <summary>A float32 vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray(rawArray, null, ScalarType.Float32, dtype, requires_grad);

    private static Tensor FromArray<T>(T[] data, long[]? dimensions, ScalarType natural, ScalarType? dtype, bool requires_grad)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var t = FromSpan<T>(data, dimensions ?? [data.LongLength], natural);
        if (dtype.HasValue && dtype.Value != natural)
        {
            var converted = t.to_type(dtype.Value);
            t.Dispose();
            t = converted;
        }
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    public partial class Tensor
    {
        /// <summary>A copy converted to <paramref name="type"/> (this tensor itself when it already has that type).</summary>
        public Tensor to_type(ScalarType type, bool copy = false) =>
            Aten.to_dtype.Args().Tensor(this).ScalarType(type).Bool(false).Bool(copy).Call();

        /// <summary>Sum of all elements.</summary>
        public Tensor sum(ScalarType? type = null) => Aten.sum.Args().Tensor(this).ScalarType(type).Call();

        /// <summary>Element-wise sum with <paramref name="target"/>.</summary>
        public Tensor add(Tensor target) => Aten.add_Tensor.Args().Tensor(this).Tensor(target).Call();

        /// <summary>The value of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            var s = Aten.item.Args().Tensor(this).CallScalar();
            object v = typeof(T) == typeof(float) ? s.ToSingle() : typeof(T) == typeof(double) ? s.ToDouble()
                : typeof(T) == typeof(long) ? s.ToInt64() : typeof(T) == typeof(int) ? s.ToInt32()
                : typeof(T) == typeof(bool) ? s.ToBoolean() : typeof(T) == typeof(byte) ? (byte)s.ToInt64()
                : throw new NotSupportedException($"item<{typeof(T).Name}> is not supported");
            return (T)v;
        }

        /// <summary>Element-wise sum.</summary>
        public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
    }
}
