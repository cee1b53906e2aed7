using System.Globalization;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Per-tensor affine quantization parameters: q = clamp(round(x / <see cref="Scale"/>) + <see cref="ZeroPoint"/>,
/// qmin, qmax) and x̂ = (q − <see cref="ZeroPoint"/>) · <see cref="Scale"/>, with the range the scale was computed from.
/// Immutable.</summary>
public sealed class QuantParams
{
    private QuantParams(float scale, int zeroPoint, QuantScheme scheme, float min, float max)
    {
        Scale = scale;
        ZeroPoint = zeroPoint;
        Scheme = scheme;
        Min = min;
        Max = max;
    }

    /// <summary>The parameters PyTorch 1.13's observers compute for the range [min, max]
    /// (<c>_ObserverBase._calculate_qparams</c>, in float32): the range is widened to contain 0; symmetric:
    /// scale = max(−min, max) / ((qmax − qmin) / 2), zero point 0 (int8) or 128 (uint8); affine:
    /// scale = (max − min) / (qmax − qmin), zero point = qmin − round(min / scale) clamped to [qmin, qmax];
    /// the scale is at least float32's epsilon.</summary>
    /// <param name="min">The smallest observed value.</param>
    /// <param name="max">The largest observed value.</param>
    /// <param name="scheme">The integer type and mapping.</param>
    /// <exception cref="ArgumentNullException">A null scheme.</exception>
    /// <exception cref="ArgumentException">A range that is not finite, or min &gt; max.</exception>
    public static QuantParams FromRange(float min, float max, QuantScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        QParamMath.CheckRange(min, max, "per-tensor range");
        var (scale, zeroPoint) = QParamMath.Compute(min, max, scheme);
        return new QuantParams(scale, zeroPoint, scheme, min, max);
    }

    /// <summary>Parameters given directly (for example read from an exported model).</summary>
    /// <exception cref="ArgumentNullException">A null scheme.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scale that is not positive and finite; a zero point outside the scheme's range.</exception>
    public static QuantParams Create(float scale, int zeroPoint, QuantScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (!(scale > 0) || !float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be positive and finite");
        if (zeroPoint < scheme.QuantMin || zeroPoint > scheme.QuantMax)
            throw new ArgumentOutOfRangeException(nameof(zeroPoint), zeroPoint, $"must lie in [{scheme.QuantMin}, {scheme.QuantMax}]");
        return new QuantParams(scale, zeroPoint, scheme, (scheme.QuantMin - zeroPoint) * scale, (scheme.QuantMax - zeroPoint) * scale);
    }

    /// <summary>The step between two integer levels.</summary>
    public float Scale { get; }

    /// <summary>The integer that represents 0.</summary>
    public int ZeroPoint { get; }

    /// <summary>The integer type and mapping.</summary>
    public QuantScheme Scheme { get; }

    /// <summary>The observed minimum the parameters were computed from.</summary>
    public float Min { get; }

    /// <summary>The observed maximum the parameters were computed from.</summary>
    public float Max { get; }

    /// <summary>The smallest representable value, (qmin − zero point) · scale.</summary>
    public float RepresentableMin => (Scheme.QuantMin - ZeroPoint) * Scale;

    /// <summary>The largest representable value, (qmax − zero point) · scale.</summary>
    public float RepresentableMax => (Scheme.QuantMax - ZeroPoint) * Scale;

    /// <summary>Quantizes a float tensor with TorchSharp's <c>quantize_per_tensor</c> (a qint8/quint8 tensor: read its
    /// integers with <c>int_repr()</c>, its values with <c>dequantize()</c>).</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    public Tensor Quantize(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return quantize_per_tensor(input, Scale, ZeroPoint, Scheme.Type == QuantType.Int8 ? ScalarType.QInt8 : ScalarType.QUInt8);
    }

    /// <summary>Fake-quantizes a float tensor (quantize then dequantize, in float) with a straight-through gradient;
    /// see <see cref="FakeQuant.PerTensor"/>.</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    public Tensor FakeQuantize(Tensor input) => FakeQuant.PerTensor(input, Scale, ZeroPoint, Scheme.QuantMin, Scheme.QuantMax);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"scale {Scale:G6}, zero point {ZeroPoint} ({Scheme}; range [{Min:G4}, {Max:G4}])");
}
