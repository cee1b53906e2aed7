using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Per-channel minima and maxima of a tensor.</summary>
internal static class ChannelRanges
{
    /// <summary>min and max over every dimension but <paramref name="axis"/>, as float arrays.</summary>
    public static (float[] Min, float[] Max) Of(Tensor values, int axis, string parameterName)
    {
        if (!values.is_floating_point()) throw new ArgumentException($"a {values.dtype} tensor has no float range", parameterName);
        if (axis < 0 || axis >= values.dim()) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"the tensor has {values.dim()} dimensions");
        if (values.numel() == 0) throw new ArgumentException("the tensor is empty", parameterName);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = values.detach().movedim([axis], [0]).reshape(values.shape[axis], -1).to_type(ScalarType.Float32);
        var min = flat.amin([1L]).cpu().data<float>().ToArray();
        var max = flat.amax([1L]).cpu().data<float>().ToArray();
        for (var c = 0; c < min.Length; c++)
            if (!float.IsFinite(min[c]) || !float.IsFinite(max[c]))
                throw new ArgumentException($"channel {c} holds NaN or ∞", parameterName);
        return (min, max);
    }
}
