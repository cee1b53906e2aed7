using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>A tensor of zeros of shape <paramref name="size"/>.</summary>
    /// <param name="size">The dimensions; none may be negative.</param>
    /// <param name="dtype">Element type; float32 when null.</param>
    /// <param name="device">Device; the CPU when null.</param>
    /// <param name="requires_grad">Record operations on the result for autograd.</param>
    /// <exception cref="ArgumentNullException"><paramref name="size"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, size, dtype, device, requires_grad);

    /// <summary>A tensor of zeros (see <see cref="zeros(long[], ScalarType?, Device?, bool)"/>).</summary>
    public static Tensor zeros(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, size, dtype, device, requires_grad);

    /// <summary>A vector of <paramref name="size"/> zeros.</summary>
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, [size], dtype, device, requires_grad);

    /// <summary>A matrix of zeros.</summary>
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, [rows, columns], dtype, device, requires_grad);

    /// <summary>A 3-D tensor of zeros.</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, [dim0, dim1, dim2], dtype, device, requires_grad);

    /// <summary>A 4-D tensor of zeros.</summary>
    public static Tensor zeros(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.zeros, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);

    /// <summary>A tensor of ones of shape <paramref name="size"/> (arguments as for <see cref="zeros(long[], ScalarType?, Device?, bool)"/>).</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, size, dtype, device, requires_grad);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, size, dtype, device, requires_grad);

    /// <summary>A vector of ones.</summary>
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, [size], dtype, device, requires_grad);

    /// <summary>A matrix of ones.</summary>
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, [rows, columns], dtype, device, requires_grad);

    /// <summary>A 3-D tensor of ones.</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, [dim0, dim1, dim2], dtype, device, requires_grad);

    /// <summary>A 4-D tensor of ones.</summary>
    public static Tensor ones(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.ones, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);

    /// <summary>An uninitialized tensor of shape <paramref name="size"/> (arguments as for <see cref="zeros(long[], ScalarType?, Device?, bool)"/>).</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, size, dtype, device, requires_grad);

    /// <summary>An uninitialized tensor.</summary>
    public static Tensor empty(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, size, dtype, device, requires_grad);

    /// <summary>An uninitialized vector.</summary>
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, [size], dtype, device, requires_grad);

    /// <summary>An uninitialized matrix.</summary>
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, [rows, columns], dtype, device, requires_grad);

    /// <summary>An uninitialized 3-D tensor.</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, [dim0, dim1, dim2], dtype, device, requires_grad);

    /// <summary>An uninitialized 4-D tensor.</summary>
    public static Tensor empty(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.empty, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);

    /// <summary>Uniform random numbers in [0, 1) of shape <paramref name="size"/> (float32 unless <paramref name="dtype"/>
    /// says otherwise), drawn from the generator seeded by <see cref="manual_seed"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, size, dtype, device, requires_grad);

    /// <summary>Uniform random numbers in [0, 1).</summary>
    public static Tensor rand(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, size, dtype, device, requires_grad);

    /// <summary>A vector of uniform random numbers in [0, 1).</summary>
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, [size], dtype, device, requires_grad);

    /// <summary>A matrix of uniform random numbers in [0, 1).</summary>
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, [rows, columns], dtype, device, requires_grad);

    /// <summary>A 3-D tensor of uniform random numbers in [0, 1).</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, [dim0, dim1, dim2], dtype, device, requires_grad);

    /// <summary>A 4-D tensor of uniform random numbers in [0, 1).</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.rand, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);

    /// <summary>Standard normal random numbers (mean 0, variance 1) of shape <paramref name="size"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, size, dtype, device, requires_grad);

    /// <summary>Standard normal random numbers.</summary>
    public static Tensor randn(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, size, dtype, device, requires_grad);

    /// <summary>A vector of standard normal random numbers.</summary>
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, [size], dtype, device, requires_grad);

    /// <summary>A matrix of standard normal random numbers.</summary>
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, [rows, columns], dtype, device, requires_grad);

    /// <summary>A 3-D tensor of standard normal random numbers.</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, [dim0, dim1, dim2], dtype, device, requires_grad);

    /// <summary>A 4-D tensor of standard normal random numbers.</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Filled(Aten.randn, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);

    private static Tensor Filled(Op op, ReadOnlySpan<long> size, ScalarType? dtype, Device? device, bool requires_grad)
    {
        CheckSize(size);
        var t = op.Args().Ints(size).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    private static Tensor Filled(Op op, long[] size, ScalarType? dtype, Device? device, bool requires_grad)
    {
        ArgumentNullException.ThrowIfNull(size);
        return Filled(op, (ReadOnlySpan<long>)size, dtype, device, requires_grad);
    }

    /// <summary>Checks a shape argument: not null, no negative dimension.</summary>
    internal static void CheckSize(long[] size, string name = "size")
    {
        ArgumentNullException.ThrowIfNull(size, name);
        CheckSize((ReadOnlySpan<long>)size, name);
    }

    /// <summary>Checks a shape argument: no negative dimension.</summary>
    internal static void CheckSize(ReadOnlySpan<long> size, string name = "size")
    {
        foreach (var d in size)
            if (d < 0) throw new ArgumentException($"dimensions must not be negative, got [{string.Join(", ", size.ToArray())}]", name);
    }

    /// <summary>A tensor of shape <paramref name="size"/> filled with <paramref name="value"/>. Without
    /// <paramref name="dtype"/> the type follows the value: int64 for an integer, bool for a bool, float32 otherwise.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(size);
        return full((ReadOnlySpan<long>)size, value, dtype, device, requires_grad);
    }

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(ReadOnlySpan<long> size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        CheckSize(size);
        var t = Aten.full.Args().Ints(size).Scalar(value).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>A vector filled with <paramref name="value"/>.</summary>
    public static Tensor full(long size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full([size], value, dtype, device, requires_grad);

    /// <summary>A matrix filled with <paramref name="value"/>.</summary>
    public static Tensor full(long rows, long columns, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full([rows, columns], value, dtype, device, requires_grad);

    /// <summary>A 3-D tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(long dim0, long dim1, long dim2, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full([dim0, dim1, dim2], value, dtype, device, requires_grad);

    /// <summary>A 4-D tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(long dim0, long dim1, long dim2, long dim3, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full([dim0, dim1, dim2, dim3], value, dtype, device, requires_grad);

    /// <summary>Random integers drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>); int64 unless <paramref name="dtype"/> says otherwise.</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>, or a dimension is negative.</exception>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        CheckSize(size);
        if (high <= low) throw new ArgumentException($"high ({high}) must be greater than low ({low})", nameof(high));
        var t = Aten.randint_low.Args().Int(low).Int(high).Ints(size).ScalarType(dtype ?? ScalarType.Int64).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Random integers drawn uniformly from [0, <paramref name="high"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not positive, or a dimension is negative.</exception>
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        randint(0, high, size, dtype, device, requires_grad);

    /// <summary>Values from <paramref name="start"/> (inclusive) to <paramref name="stop"/> (exclusive) in steps of
    /// <paramref name="step"/>. Without <paramref name="dtype"/>: int64 when all three are integers, float32 otherwise.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is zero.</exception>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        if (step.ToDouble() == 0) throw new ArgumentException("step must not be zero", nameof(step));
        var t = Aten.arange_start_step.Args().Scalar(start).Scalar(stop).Scalar(step).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Values from <paramref name="start"/> to <paramref name="stop"/> (exclusive) in steps of 1.</summary>
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(start, stop, 1, dtype, device, requires_grad);

    /// <summary>Values from 0 to <paramref name="stop"/> (exclusive) in steps of 1.</summary>
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(0, stop, 1, dtype, device, requires_grad);

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/>, both included.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "the number of steps must not be negative");
        var t = Aten.linspace.Args().Scalar(start).Scalar(end).Int(steps).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Zeros with the shape of <paramref name="input"/> (and its type and device unless given).</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Aten.zeros_like, input, dtype, device, requires_grad);

    /// <summary>Ones with the shape of <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Aten.ones_like, input, dtype, device, requires_grad);

    /// <summary>An uninitialized tensor with the shape of <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Aten.empty_like, input, dtype, device, requires_grad);

    /// <summary>Uniform random numbers in [0, 1) with the shape of <paramref name="input"/>.</summary>
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Aten.rand_like, input, dtype, device, requires_grad);

    /// <summary>Standard normal random numbers with the shape of <paramref name="input"/>.</summary>
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Aten.randn_like, input, dtype, device, requires_grad);

    /// <summary><paramref name="value"/> everywhere, with the shape of <paramref name="input"/>.</summary>
    public static Tensor full_like(Tensor input, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = Aten.full_like.Args().Tensor(input).Scalar(value).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Random integers from [<paramref name="low"/>, <paramref name="high"/>) with the shape of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>.</exception>
    public static Tensor randint_like(Tensor input, long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (high <= low) throw new ArgumentException($"high ({high}) must be greater than low ({low})", nameof(high));
        var t = Aten.randint_like_low_dtype.Args().Tensor(input).Int(low).Int(high).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    private static Tensor Like(Op op, Tensor input, ScalarType? dtype, Device? device, bool requires_grad)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = op.Args().Tensor(input).ScalarType(dtype).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    public partial class Tensor
    {
        /// <summary>Zeros with this tensor's shape (and type and device unless given).</summary>
        public Tensor zeros_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.zeros_like(this, dtype, device, requires_grad);

        /// <summary>Ones with this tensor's shape.</summary>
        public Tensor ones_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.ones_like(this, dtype, device, requires_grad);

        /// <summary>An uninitialized tensor with this tensor's shape.</summary>
        public Tensor empty_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.empty_like(this, dtype, device, requires_grad);

        /// <summary>Uniform random numbers in [0, 1) with this tensor's shape.</summary>
        public Tensor rand_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.rand_like(this, dtype, device, requires_grad);

        /// <summary>Standard normal random numbers with this tensor's shape.</summary>
        public Tensor randn_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.randn_like(this, dtype, device, requires_grad);

        /// <summary><paramref name="value"/> everywhere, with this tensor's shape.</summary>
        public Tensor full_like(Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.full_like(this, value, dtype, device, requires_grad);

        /// <summary>Random integers from [<paramref name="low"/>, <paramref name="high"/>) with this tensor's shape.</summary>
        public Tensor randint_like(long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.randint_like(this, low, high, dtype, device, requires_grad);
    }
}
