namespace FasterSharp.Quantize;

/// <summary>How real values map to integers: the integer type, symmetric or affine (asymmetric), and the integer
/// range [<see cref="QuantMin"/>, <see cref="QuantMax"/>], chosen as PyTorch 1.13's observers choose it
/// (<c>torch.ao.quantization.observer._calculate_qmin_qmax</c>): the full range of the type, half of it with
/// <see cref="ReduceRange"/> (int8 [−64, 63], uint8 [0, 127], for CPUs without VNNI), or a custom range.</summary>
public sealed record QuantScheme
{
    /// <summary>Creates a scheme.</summary>
    /// <param name="type">The integer type.</param>
    /// <param name="symmetric">True: zero maps to the integer zero (0 for int8, 128 or the range's midpoint for uint8)
    /// and the range is ±max(|min|, |max|); false: affine, the observed [min, max] (widened to contain 0) spans the range.</param>
    /// <param name="reduceRange">Use one bit less (PyTorch's reduce_range).</param>
    /// <param name="quantMin">A custom lower bound (PyTorch's quant_min); needs <paramref name="quantMax"/> too.</param>
    /// <param name="quantMax">A custom upper bound (PyTorch's quant_max).</param>
    /// <exception cref="ArgumentException">Only one custom bound; a custom range together with reduceRange; a custom
    /// range outside the type's range or not containing 0.</exception>
    public QuantScheme(QuantType type, bool symmetric, bool reduceRange = false, int? quantMin = null, int? quantMax = null)
    {
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "unknown quantization type");
        if (quantMin.HasValue != quantMax.HasValue)
            throw new ArgumentException("give both quantMin and quantMax, or neither", quantMin.HasValue ? nameof(quantMax) : nameof(quantMin));
        var (typeMin, typeMax) = type == QuantType.Int8 ? (-128, 127) : (0, 255);
        if (quantMin is { } qmin && quantMax is { } qmax)
        {
            if (reduceRange) throw new ArgumentException("a custom range [quantMin, quantMax] replaces reduceRange; give one of them", nameof(reduceRange));
            if (qmin < typeMin || qmax > typeMax || qmin > 0 || qmax < 0 || qmax <= qmin)
                throw new ArgumentException($"the range [{qmin}, {qmax}] must lie within {type}'s [{typeMin}, {typeMax}], contain 0 and be non-empty",
                    nameof(quantMin));
            (QuantMin, QuantMax, HasCustomRange) = (qmin, qmax, true);
        }
        else
        {
            (QuantMin, QuantMax) = reduceRange ? (typeMin / 2, typeMax / 2) : (typeMin, typeMax);
        }
        Type = type;
        Symmetric = symmetric;
        ReduceRange = reduceRange;
    }

    /// <summary>Weights: int8, symmetric, [−128, 127] (PyTorch's default per-channel weight observer).</summary>
    public static QuantScheme Int8Symmetric { get; } = new(QuantType.Int8, symmetric: true);

    /// <summary>Activations: uint8, affine, [0, 255] (what ONNX Runtime's QDQ tools use for activations).</summary>
    public static QuantScheme UInt8Affine { get; } = new(QuantType.UInt8, symmetric: false);

    /// <summary>int8, affine, [−128, 127].</summary>
    public static QuantScheme Int8Affine { get; } = new(QuantType.Int8, symmetric: false);

    /// <summary>The integer type.</summary>
    public QuantType Type { get; }

    /// <summary>Symmetric (true) or affine (false).</summary>
    public bool Symmetric { get; }

    /// <summary>Whether the range was halved (PyTorch's reduce_range).</summary>
    public bool ReduceRange { get; }

    /// <summary>Whether <see cref="QuantMin"/> and <see cref="QuantMax"/> were given (PyTorch's has_customized_qrange).</summary>
    public bool HasCustomRange { get; }

    /// <summary>The smallest integer value.</summary>
    public int QuantMin { get; }

    /// <summary>The largest integer value.</summary>
    public int QuantMax { get; }

    /// <summary>A short description, e.g. "int8 symmetric [-128, 127]".</summary>
    public override string ToString() =>
        $"{(Type == QuantType.Int8 ? "int8" : "uint8")} {(Symmetric ? "symmetric" : "affine")} [{QuantMin}, {QuantMax}]";
}
