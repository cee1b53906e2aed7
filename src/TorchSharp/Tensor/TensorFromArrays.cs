// Generated once from a list of element types; edit by hand.
namespace TorchSharp;

public static partial class torch
{
    // float (Float32)
    /// <summary>A 0-dim 32-bit float tensor holding <paramref name="scalar"/>.</summary>
    public static Tensor tensor(float scalar, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Float32, null, device, requires_grad);
    /// <summary>A 32-bit float vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<float>(rawArray, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 32-bit float tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(float[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<float>(rawArray, dimensions, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 32-bit float vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<float> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<float>(ToArray(rawArray), ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 32-bit float tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<float> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<float>(ToArray(rawArray), dimensions, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 32-bit float matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<float> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<float>(ToArray(rawArray), [rows, columns], ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 2-D 32-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<float>(rawArray, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 3-D 32-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<float>(rawArray, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A 4-D 32-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<float>(rawArray, ScalarType.Float32, dtype, device, requires_grad);

    // double (Float64)
    /// <summary>A 0-dim 64-bit float tensor holding <paramref name="scalar"/> (converted to <paramref name="dtype"/> when given).</summary>
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 64-bit float vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<double>(rawArray, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 64-bit float tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(double[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<double>(rawArray, dimensions, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 64-bit float vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<double> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<double>(ToArray(rawArray), ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 64-bit float tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<double> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<double>(ToArray(rawArray), dimensions, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 64-bit float matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<double> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<double>(ToArray(rawArray), [rows, columns], ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 2-D 64-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<double>(rawArray, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 3-D 64-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(double[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<double>(rawArray, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>A 4-D 64-bit float tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(double[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<double>(rawArray, ScalarType.Float64, dtype, device, requires_grad);

    // long (Int64)
    /// <summary>A 0-dim 64-bit integer tensor holding <paramref name="scalar"/> (converted to <paramref name="dtype"/> when given).</summary>
    public static Tensor tensor(long scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 64-bit integer vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(long[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<long>(rawArray, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 64-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(long[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<long>(rawArray, dimensions, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 64-bit integer vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<long> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<long>(ToArray(rawArray), ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 64-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<long> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<long>(ToArray(rawArray), dimensions, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 64-bit integer matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<long> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<long>(ToArray(rawArray), [rows, columns], ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 2-D 64-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(long[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<long>(rawArray, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 3-D 64-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(long[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<long>(rawArray, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A 4-D 64-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(long[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<long>(rawArray, ScalarType.Int64, dtype, device, requires_grad);

    // int (Int32)
    /// <summary>A 0-dim 32-bit integer tensor holding <paramref name="scalar"/>.</summary>
    public static Tensor tensor(int scalar, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Int32, null, device, requires_grad);
    /// <summary>A 32-bit integer vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<int>(rawArray, ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 32-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(int[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<int>(rawArray, dimensions, ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 32-bit integer vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<int> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<int>(ToArray(rawArray), ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 32-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<int> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<int>(ToArray(rawArray), dimensions, ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 32-bit integer matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<int> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<int>(ToArray(rawArray), [rows, columns], ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 2-D 32-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(int[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<int>(rawArray, ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 3-D 32-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(int[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<int>(rawArray, ScalarType.Int32, dtype, device, requires_grad);
    /// <summary>A 4-D 32-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(int[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<int>(rawArray, ScalarType.Int32, dtype, device, requires_grad);

    // short (Int16)
    /// <summary>A 0-dim 16-bit integer tensor holding <paramref name="scalar"/> (converted to <paramref name="dtype"/> when given).</summary>
    public static Tensor tensor(short scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 16-bit integer vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(short[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<short>(rawArray, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 16-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(short[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<short>(rawArray, dimensions, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 16-bit integer vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<short> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<short>(ToArray(rawArray), ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 16-bit integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<short> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<short>(ToArray(rawArray), dimensions, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 16-bit integer matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<short> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<short>(ToArray(rawArray), [rows, columns], ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 2-D 16-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(short[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<short>(rawArray, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 3-D 16-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(short[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<short>(rawArray, ScalarType.Int16, dtype, device, requires_grad);
    /// <summary>A 4-D 16-bit integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(short[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<short>(rawArray, ScalarType.Int16, dtype, device, requires_grad);

    // sbyte (Int8)
    /// <summary>A 0-dim 8-bit signed integer tensor holding <paramref name="scalar"/> (converted to <paramref name="dtype"/> when given).</summary>
    public static Tensor tensor(sbyte scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 8-bit signed integer vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(sbyte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<sbyte>(rawArray, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 8-bit signed integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(sbyte[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<sbyte>(rawArray, dimensions, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 8-bit signed integer vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<sbyte>(ToArray(rawArray), ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 8-bit signed integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<sbyte>(ToArray(rawArray), dimensions, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 8-bit signed integer matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<sbyte>(ToArray(rawArray), [rows, columns], ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 2-D 8-bit signed integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(sbyte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<sbyte>(rawArray, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 3-D 8-bit signed integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(sbyte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<sbyte>(rawArray, ScalarType.Int8, dtype, device, requires_grad);
    /// <summary>A 4-D 8-bit signed integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(sbyte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<sbyte>(rawArray, ScalarType.Int8, dtype, device, requires_grad);

    // byte (Byte)
    /// <summary>A 0-dim 8-bit unsigned integer tensor holding <paramref name="scalar"/>.</summary>
    public static Tensor tensor(byte scalar, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Byte, null, device, requires_grad);
    /// <summary>A 8-bit unsigned integer vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(byte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<byte>(rawArray, ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 8-bit unsigned integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(byte[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<byte>(rawArray, dimensions, ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 8-bit unsigned integer vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<byte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<byte>(ToArray(rawArray), ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 8-bit unsigned integer tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<byte> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<byte>(ToArray(rawArray), dimensions, ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 8-bit unsigned integer matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<byte> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<byte>(ToArray(rawArray), [rows, columns], ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 2-D 8-bit unsigned integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(byte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<byte>(rawArray, ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 3-D 8-bit unsigned integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(byte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<byte>(rawArray, ScalarType.Byte, dtype, device, requires_grad);
    /// <summary>A 4-D 8-bit unsigned integer tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(byte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<byte>(rawArray, ScalarType.Byte, dtype, device, requires_grad);

    // bool (Bool)
    /// <summary>A 0-dim boolean tensor holding <paramref name="scalar"/> (converted to <paramref name="dtype"/> when given).</summary>
    public static Tensor tensor(bool scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromScalar(scalar, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A boolean vector holding a copy of <paramref name="rawArray"/> (converted to <paramref name="dtype"/> when given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<bool>(rawArray, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A boolean tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/> (row-major).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rawArray"/> is null.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape does not hold exactly the array's elements.</exception>
    public static Tensor tensor(bool[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<bool>(rawArray, dimensions, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A boolean vector holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<bool> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromVector<bool>(ToArray(rawArray), ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A boolean tensor of shape <paramref name="dimensions"/> holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<bool> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<bool>(ToArray(rawArray), dimensions, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A boolean matrix of shape [rows, columns] holding a copy of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(IList<bool> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromArray<bool>(ToArray(rawArray), [rows, columns], ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A 2-D boolean tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(bool[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<bool>(rawArray, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A 3-D boolean tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(bool[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<bool>(rawArray, ScalarType.Bool, dtype, device, requires_grad);
    /// <summary>A 4-D boolean tensor with the shape and a copy of the elements of <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(bool[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromMultiDimensional<bool>(rawArray, ScalarType.Bool, dtype, device, requires_grad);

}
