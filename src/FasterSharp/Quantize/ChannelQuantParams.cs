using System.Globalization;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Per-channel affine quantization parameters: channel c along <see cref="Axis"/> uses
/// <see cref="Scales"/>[c] and <see cref="ZeroPoints"/>[c], computed from that channel's range as
/// <see cref="QuantParams.FromRange"/> does. Immutable.</summary>
public sealed class ChannelQuantParams
{
    private readonly float[] _scales;
    private readonly int[] _zeroPoints;
    private readonly float[] _min;
    private readonly float[] _max;

    private ChannelQuantParams(float[] scales, int[] zeroPoints, float[] min, float[] max, int axis, QuantScheme scheme)
    {
        (_scales, _zeroPoints, _min, _max) = (scales, zeroPoints, min, max);
        Axis = axis;
        Scheme = scheme;
    }

    /// <summary>The parameters PyTorch 1.13's PerChannelMinMaxObserver computes from per-channel ranges.</summary>
    /// <param name="min">Each channel's smallest value.</param>
    /// <param name="max">Each channel's largest value.</param>
    /// <param name="axis">The channel dimension of the tensor these parameters quantize (0 for Conv2d and Linear weights).</param>
    /// <param name="scheme">The integer type and mapping.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">No channels, lists of different lengths, a range that is not finite or min &gt; max.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative axis.</exception>
    public static ChannelQuantParams FromRanges(IReadOnlyList<float> min, IReadOnlyList<float> max, int axis, QuantScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        ArgumentNullException.ThrowIfNull(scheme);
        if (axis < 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "must not be negative");
        if (min.Count == 0) throw new ArgumentException("no channels", nameof(min));
        if (min.Count != max.Count) throw new ArgumentException($"{min.Count} minima but {max.Count} maxima", nameof(max));
        var scales = new float[min.Count];
        var zeroPoints = new int[min.Count];
        for (var c = 0; c < min.Count; c++)
        {
            QParamMath.CheckRange(min[c], max[c], $"channel {c}");
            (scales[c], zeroPoints[c]) = QParamMath.Compute(min[c], max[c], scheme);
        }
        return new ChannelQuantParams(scales, zeroPoints, min.ToArray(), max.ToArray(), axis, scheme);
    }

    /// <summary>The per-channel parameters of a tensor's own ranges (a weight's, usually): min and max over every
    /// dimension but <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">An empty tensor, one that is not floating point, or NaN/∞ values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis outside the tensor's dimensions.</exception>
    public static ChannelQuantParams FromTensor(Tensor values, int axis, QuantScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (min, max) = ChannelRanges.Of(values, axis, nameof(values));
        return FromRanges(min, max, axis, scheme);
    }

    /// <summary>Each channel's scale.</summary>
    public IReadOnlyList<float> Scales => _scales;

    /// <summary>Each channel's zero point.</summary>
    public IReadOnlyList<int> ZeroPoints => _zeroPoints;

    /// <summary>Each channel's observed minimum.</summary>
    public IReadOnlyList<float> Min => _min;

    /// <summary>Each channel's observed maximum.</summary>
    public IReadOnlyList<float> Max => _max;

    /// <summary>The number of channels.</summary>
    public int Channels => _scales.Length;

    /// <summary>The channel dimension.</summary>
    public int Axis { get; }

    /// <summary>The integer type and mapping.</summary>
    public QuantScheme Scheme { get; }

    /// <summary>Quantizes a float tensor with TorchSharp's <c>quantize_per_channel</c>.</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    /// <exception cref="ArgumentException">A tensor whose channel count differs from <see cref="Channels"/>.</exception>
    public Tensor Quantize(Tensor input)
    {
        CheckChannels(input);
        using var scales = tensor(_scales.Select(s => (double)s).ToArray(), device: input.device);
        using var zeroPoints = tensor(_zeroPoints.Select(z => (long)z).ToArray(), device: input.device);
        return quantize_per_channel(input, scales, zeroPoints, Axis, Scheme.Type == QuantType.Int8 ? ScalarType.QInt8 : ScalarType.QUInt8);
    }

    /// <summary>Fake-quantizes a float tensor with a straight-through gradient; see <see cref="FakeQuant.PerChannel"/>.</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    /// <exception cref="ArgumentException">A tensor whose channel count differs from <see cref="Channels"/>.</exception>
    public Tensor FakeQuantize(Tensor input)
    {
        CheckChannels(input);
        return FakeQuant.PerChannel(input, _scales, _zeroPoints, Axis, Scheme.QuantMin, Scheme.QuantMax);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Channels} channels on axis {Axis}, scales [{_scales.Min():G4}, {_scales.Max():G4}] ({Scheme})");

    private void CheckChannels(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() <= Axis || input.shape[Axis] != Channels)
            throw new ArgumentException($"the tensor {ShapeText(input)} does not have {Channels} channels on axis {Axis}", nameof(input));
    }

    private static string ShapeText(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
