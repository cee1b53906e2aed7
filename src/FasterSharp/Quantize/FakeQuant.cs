using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Fake quantization: the values int8 inference would see, computed in float, with PyTorch's
/// straight-through gradient. TorchSharp 0.107 declares <c>fake_quantize_per_tensor_affine</c> and
/// <c>fake_quantize_per_channel_affine</c> but does not implement them (they are marked obsolete-as-error), so
/// these are written with TorchSharp's public tensor operations, with PyTorch's formulas:
/// forward x̂ = (clamp(round(x · (1/s)) + z, qmin, qmax) − z) · s (round half to even, 1/s in float32, as
/// <c>quantize_per_tensor</c> computes it), backward ∂x̂/∂x = 1 where round(x · (1/s)) + z lies in [qmin, qmax]
/// and 0 outside (PyTorch's cachemask).</summary>
public static class FakeQuant
{
    /// <summary>Per-tensor fake quantization (PyTorch's <c>fake_quantize_per_tensor_affine</c>).</summary>
    /// <param name="input">A float32 tensor.</param>
    /// <param name="scale">The scale, positive and finite.</param>
    /// <param name="zeroPoint">The zero point, in [quantMin, quantMax].</param>
    /// <param name="quantMin">The smallest integer.</param>
    /// <param name="quantMax">The largest integer.</param>
    /// <exception cref="ArgumentNullException">A null input.</exception>
    /// <exception cref="ArgumentException">An input that is not float32.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scale that is not positive and finite; an empty range; a zero point outside it.</exception>
    public static Tensor PerTensor(Tensor input, float scale, int zeroPoint, int quantMin, int quantMax)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFloat(input);
        if (!(scale > 0) || !float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be positive and finite");
        CheckRange(zeroPoint, quantMin, quantMax);
        using var scope = NewDisposeScope();
        var inverse = 1f / scale;
        var q = input.detach().mul(inverse).round_().add_(zeroPoint);
        var value = q.clamp(quantMin, quantMax).sub_(zeroPoint).mul_(scale);
        return Straight(input, value, q, quantMin, quantMax).MoveToOuterDisposeScope();
    }

    /// <summary>Per-channel fake quantization (PyTorch's <c>fake_quantize_per_channel_affine</c>): channel c along
    /// <paramref name="axis"/> uses scales[c] and zeroPoints[c].</summary>
    /// <param name="input">A float32 tensor.</param>
    /// <param name="scales">One scale per channel, positive and finite.</param>
    /// <param name="zeroPoints">One zero point per channel, each in [quantMin, quantMax].</param>
    /// <param name="axis">The channel dimension (0 for Conv2d and Linear weights).</param>
    /// <param name="quantMin">The smallest integer.</param>
    /// <param name="quantMax">The largest integer.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">An input that is not float32; as many scales or zero points as channels not given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis outside the input's dimensions; a bad scale, range or zero point.</exception>
    public static Tensor PerChannel(Tensor input, IReadOnlyList<float> scales, IReadOnlyList<int> zeroPoints, int axis, int quantMin, int quantMax)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(zeroPoints);
        CheckFloat(input);
        if (axis < 0 || axis >= input.dim()) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"the input has {input.dim()} dimensions");
        var channels = input.shape[axis];
        if (scales.Count != channels) throw new ArgumentException($"{scales.Count} scales for {channels} channels", nameof(scales));
        if (zeroPoints.Count != channels) throw new ArgumentException($"{zeroPoints.Count} zero points for {channels} channels", nameof(zeroPoints));
        for (var c = 0; c < channels; c++)
        {
            if (!(scales[c] > 0) || !float.IsFinite(scales[c]))
                throw new ArgumentOutOfRangeException(nameof(scales), scales[c], $"the scale of channel {c} must be positive and finite");
            CheckRange(zeroPoints[c], quantMin, quantMax);
        }
        using var scope = NewDisposeScope();
        var viewShape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        viewShape[axis] = channels;
        var s = tensor(scales.ToArray(), device: input.device).view(viewShape);
        var inverse = tensor(scales.Select(x => 1f / x).ToArray(), device: input.device).view(viewShape);
        var z = tensor(zeroPoints.Select(x => (float)x).ToArray(), device: input.device).view(viewShape);
        var q = input.detach().mul(inverse).round_().add_(z);
        var value = q.clamp(quantMin, quantMax).sub_(z).mul_(s);
        return Straight(input, value, q, quantMin, quantMax).MoveToOuterDisposeScope();
    }

    /// <summary>value in the forward pass; the input's gradient where q is in range, 0 elsewhere.</summary>
    private static Tensor Straight(Tensor input, Tensor value, Tensor q, int quantMin, int quantMax)
    {
        if (!input.requires_grad || !is_grad_enabled()) return value;
        var mask = q.ge(quantMin).logical_and_(q.le(quantMax)).to_type(input.dtype);
        // (input − input.detach()) is 0 in value and carries the gradient 1; times the mask it passes only in range.
        return value.add(input.sub(input.detach()).mul_(mask));
    }

    private static void CheckFloat(Tensor input)
    {
        if (input.dtype != ScalarType.Float32)
            throw new ArgumentException($"fake quantization takes a float32 tensor, not {input.dtype}", nameof(input));
    }

    private static void CheckRange(int zeroPoint, int quantMin, int quantMax)
    {
        if (quantMax <= quantMin) throw new ArgumentOutOfRangeException(nameof(quantMax), quantMax, $"must exceed quantMin {quantMin}");
        if (zeroPoint < quantMin || zeroPoint > quantMax)
            throw new ArgumentOutOfRangeException(nameof(zeroPoint), zeroPoint, $"must lie in [{quantMin}, {quantMax}]");
    }
}
