namespace TorchSharp;

/// <summary>What a <see cref="Scalar"/> holds.</summary>
public enum ScalarKind
{
    /// <summary>A 64-bit float.</summary>
    Floating,
    /// <summary>A 64-bit integer.</summary>
    Integer,
    /// <summary>A boolean.</summary>
    Boolean,
}

/// <summary>A number passed to or returned by an operator: integer, float or boolean, converted
/// implicitly from .NET numbers as in TorchSharp.</summary>
public readonly struct Scalar
{
    /// <summary>A float scalar.</summary>
    public Scalar(double value) { Kind = ScalarKind.Floating; DoubleValue = value; LongValue = (long)value; }

    /// <summary>An integer scalar.</summary>
    public Scalar(long value) { Kind = ScalarKind.Integer; LongValue = value; DoubleValue = value; }

    /// <summary>A boolean scalar.</summary>
    public Scalar(bool value) { Kind = ScalarKind.Boolean; LongValue = value ? 1 : 0; DoubleValue = LongValue; }

    /// <summary>What this scalar holds.</summary>
    public ScalarKind Kind { get; }

    internal double DoubleValue { get; }
    internal long LongValue { get; }

    /// <summary>The value as a double.</summary>
    public double ToDouble() => DoubleValue;
    /// <summary>The value as a float.</summary>
    public float ToSingle() => (float)DoubleValue;
    /// <summary>The value as a long.</summary>
    public long ToInt64() => Kind == ScalarKind.Floating ? (long)DoubleValue : LongValue;
    /// <summary>The value as an int.</summary>
    public int ToInt32() => (int)ToInt64();
    /// <summary>The value as a bool (non-zero is true).</summary>
    public bool ToBoolean() => Kind == ScalarKind.Floating ? DoubleValue != 0 : LongValue != 0;

    /// <summary>Converts a double.</summary>
    public static implicit operator Scalar(double value) => new(value);
    /// <summary>Converts a float.</summary>
    public static implicit operator Scalar(float value) => new((double)value);
    /// <summary>Converts a long.</summary>
    public static implicit operator Scalar(long value) => new(value);
    /// <summary>Converts an int.</summary>
    public static implicit operator Scalar(int value) => new((long)value);
    /// <summary>Converts a bool.</summary>
    public static implicit operator Scalar(bool value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ScalarKind.Integer => LongValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ScalarKind.Boolean => LongValue != 0 ? "True" : "False",
        _ => DoubleValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Conversions to <see cref="Scalar"/>, as TorchSharp offers them.</summary>
public static class ScalarExtensionMethods
{
    /// <summary>The value as a scalar.</summary>
    public static Scalar ToScalar(this double value) => value;
    /// <summary>The value as a scalar.</summary>
    public static Scalar ToScalar(this float value) => value;
    /// <summary>The value as a scalar.</summary>
    public static Scalar ToScalar(this int value) => value;
    /// <summary>The value as a scalar.</summary>
    public static Scalar ToScalar(this long value) => value;
    /// <summary>The value as a scalar.</summary>
    public static Scalar ToScalar(this bool value) => value;
}
