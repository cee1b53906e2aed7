namespace FasterSharp.Quantize;

/// <summary>PyTorch 1.13's <c>_ObserverBase._calculate_qparams</c> for one range, in float32 as PyTorch computes it.</summary>
internal static class QParamMath
{
    /// <summary>torch.finfo(torch.float32).eps, the smallest scale PyTorch's observers give.</summary>
    public const float Eps = 1.1920929e-07f;

    /// <summary>The scale and zero point for the observed range [min, max] (min ≤ max, both finite).</summary>
    public static (float Scale, int ZeroPoint) Compute(float min, float max, QuantScheme scheme)
    {
        var (qmin, qmax) = (scheme.QuantMin, scheme.QuantMax);
        var minNeg = Math.Min(min, 0f);
        var maxPos = Math.Max(max, 0f);
        if (scheme.Symmetric)
        {
            var bound = Math.Max(-minNeg, maxPos);
            var scale = Math.Max(bound / (float)((qmax - qmin) / 2.0), Eps);
            var zeroPoint = scheme.Type == QuantType.Int8 ? 0
                : scheme.HasCustomRange ? (int)Math.Floor((qmin + qmax) / 2.0)
                : (qmin + qmax + 1) / 2; // 128 for [0, 255] as PyTorch; 64 (the midpoint) for the reduced [0, 127]
            return (scale, zeroPoint);
        }
        else
        {
            var scale = Math.Max((maxPos - minNeg) / (float)(qmax - qmin), Eps);
            var zeroPoint = qmin - (int)MathF.Round(minNeg / scale, MidpointRounding.ToEven);
            return (scale, Math.Clamp(zeroPoint, qmin, qmax));
        }
    }

    /// <summary>Throws unless [min, max] is a finite, ordered range.</summary>
    public static void CheckRange(float min, float max, string what)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new ArgumentException($"{what}: the range [{min}, {max}] is not finite");
        if (min > max) throw new ArgumentException($"{what}: the range's minimum {min} exceeds its maximum {max}");
    }
}
