namespace TorchSharp;

public static partial class torch
{
    /// <summary>Element types, numbered as LibTorch's <c>c10::ScalarType</c> (and TorchSharp) number them.</summary>
    public enum ScalarType : sbyte
    {
        /// <summary>8-bit unsigned integer.</summary>
        Byte = 0,
        /// <summary>8-bit signed integer.</summary>
        Int8 = 1,
        /// <summary>16-bit signed integer.</summary>
        Int16 = 2,
        /// <summary>32-bit signed integer.</summary>
        Int32 = 3,
        /// <summary>64-bit signed integer.</summary>
        Int64 = 4,
        /// <summary>16-bit IEEE float.</summary>
        Float16 = 5,
        /// <summary>32-bit IEEE float.</summary>
        Float32 = 6,
        /// <summary>64-bit IEEE float.</summary>
        Float64 = 7,
        /// <summary>Complex of two 32-bit floats.</summary>
        ComplexFloat32 = 9,
        /// <summary>Complex of two 64-bit floats.</summary>
        ComplexFloat64 = 10,
        /// <summary>Boolean.</summary>
        Bool = 11,
        /// <summary>bfloat16.</summary>
        BFloat16 = 15,
    }

    /// <summary>8-bit unsigned integer.</summary>
    public static readonly ScalarType uint8 = ScalarType.Byte;
    /// <summary>8-bit signed integer.</summary>
    public static readonly ScalarType int8 = ScalarType.Int8;
    /// <summary>16-bit signed integer.</summary>
    public static readonly ScalarType int16 = ScalarType.Int16;
    /// <summary>32-bit signed integer.</summary>
    public static readonly ScalarType int32 = ScalarType.Int32;
    /// <summary>32-bit signed integer.</summary>
    public static readonly ScalarType @int = ScalarType.Int32;
    /// <summary>64-bit signed integer.</summary>
    public static readonly ScalarType int64 = ScalarType.Int64;
    /// <summary>64-bit signed integer.</summary>
    public static readonly ScalarType @long = ScalarType.Int64;
    /// <summary>16-bit float.</summary>
    public static readonly ScalarType float16 = ScalarType.Float16;
    /// <summary>32-bit float.</summary>
    public static readonly ScalarType float32 = ScalarType.Float32;
    /// <summary>32-bit float.</summary>
    public static readonly ScalarType @float = ScalarType.Float32;
    /// <summary>64-bit float.</summary>
    public static readonly ScalarType float64 = ScalarType.Float64;
    /// <summary>64-bit float.</summary>
    public static readonly ScalarType @double = ScalarType.Float64;
    /// <summary>Boolean.</summary>
    public static readonly ScalarType @bool = ScalarType.Bool;

    /// <summary>True for the floating-point element types.</summary>
    public static bool is_floating_point(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    /// <summary>True for the integer element types (not Bool).</summary>
    public static bool is_integral(ScalarType type) =>
        type is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

    /// <summary>Size of one element in bytes.</summary>
    internal static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type"),
    };
}
