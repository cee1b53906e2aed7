using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Each channel's smallest and largest value ever seen (PyTorch's PerChannelMinMaxObserver); by default for
/// int8 symmetric weights along axis 0 (the output channels of Conv2d and Linear weights).</summary>
public sealed class PerChannelMinMaxObserver
{
    private float[]? _min;
    private float[]? _max;

    /// <summary>Creates the observer.</summary>
    /// <param name="axis">The channel dimension.</param>
    /// <param name="scheme">The integer type and mapping; null for <see cref="QuantScheme.Int8Symmetric"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative axis.</exception>
    public PerChannelMinMaxObserver(int axis = 0, QuantScheme? scheme = null)
    {
        if (axis < 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "must not be negative");
        Axis = axis;
        Scheme = scheme ?? QuantScheme.Int8Symmetric;
    }

    /// <summary>The channel dimension.</summary>
    public int Axis { get; }

    /// <summary>The integer type and mapping.</summary>
    public QuantScheme Scheme { get; }

    /// <summary>How many tensors were observed.</summary>
    public int Count { get; private set; }

    /// <summary>Records one tensor's per-channel ranges.</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    /// <exception cref="ArgumentException">An empty or non-float tensor, NaN or ∞, or another channel count than before.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tensor without the axis.</exception>
    public void Observe(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (min, max) = ChannelRanges.Of(values, Axis, nameof(values));
        if (_min is null || _max is null)
        {
            (_min, _max) = (min, max);
        }
        else
        {
            if (min.Length != _min.Length) throw new ArgumentException($"{min.Length} channels, but {_min.Length} before", nameof(values));
            for (var c = 0; c < min.Length; c++)
            {
                _min[c] = Math.Min(_min[c], min[c]);
                _max[c] = Math.Max(_max[c], max[c]);
            }
        }
        Count++;
    }

    /// <summary>The per-channel parameters for the ranges seen so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed yet.</exception>
    public ChannelQuantParams ComputeParams() =>
        _min is null || _max is null
            ? throw new InvalidOperationException("the per-channel observer has seen no values yet")
            : ChannelQuantParams.FromRanges(_min, _max, Axis, Scheme);
}
