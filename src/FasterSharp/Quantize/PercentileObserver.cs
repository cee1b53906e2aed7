using System.Globalization;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Clips outliers: the range is the mean over batches of each batch's lower and upper percentiles
/// (the (100 − p)-th and p-th, linearly interpolated between the two nearest values as <c>torch.quantile</c> does),
/// so a few extreme activations do not stretch the scale for everything else. PyTorch's HistogramObserver also trims
/// the tails, by minimising the quantization error of a histogram; this is the simpler percentile rule of ONNX Runtime's
/// and TensorRT's calibrators, computed exactly per batch (with <c>kthvalue</c>, so batches of any size work).</summary>
public sealed class PercentileObserver : Observer
{
    private double _sumLow;
    private double _sumHigh;

    /// <summary>Creates the observer; by default for uint8 affine activations at the 99.99th percentile.</summary>
    /// <param name="scheme">The integer type and mapping; null for <see cref="QuantScheme.UInt8Affine"/>.</param>
    /// <param name="percentile">p in (50, 100]; 100 gives the batches' mean min and max.</param>
    /// <exception cref="ArgumentOutOfRangeException">p outside (50, 100] or NaN.</exception>
    public PercentileObserver(QuantScheme? scheme = null, double percentile = 99.99) : base(scheme ?? QuantScheme.UInt8Affine)
    {
        if (!(percentile > 50 && percentile <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (50, 100]");
        Percentile = percentile;
    }

    /// <summary>The upper percentile p (the lower one is 100 − p).</summary>
    public double Percentile { get; }

    /// <inheritdoc />
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"percentile ({Percentile:G6})");

    /// <inheritdoc />
    public override Observer CreateLike() => new PercentileObserver(Scheme, Percentile);

    /// <inheritdoc />
    protected override void Update(Tensor values, float batchMin, float batchMax, int previousCount)
    {
        _sumLow += Quantile(values, (float)(1 - Percentile / 100));
        _sumHigh += Quantile(values, (float)(Percentile / 100));
        Min = (float)(_sumLow / (previousCount + 1));
        Max = (float)(_sumHigh / (previousCount + 1));
    }

    /// <inheritdoc />
    protected override void ResetState() => _sumLow = _sumHigh = 0;

    private protected override void SeedState(float min, float max) => (_sumLow, _sumHigh) = (min, max);

    /// <summary>torch.quantile(values, q) with linear interpolation, rank and interpolation in float32.</summary>
    internal static float Quantile(Tensor values, float q)
    {
        var n = values.numel();
        var rank = q * (float)(n - 1);
        var below = (long)Math.Floor(rank);
        var above = (long)Math.Ceiling(rank);
        var a = KthSmallest(values, below);
        var b = above == below ? a : KthSmallest(values, above);
        var weight = rank - below;
        // at::lerp: a + w·(b − a) for w < 0.5, b − (b − a)·(1 − w) otherwise.
        return weight < 0.5f ? a + weight * (b - a) : b - (b - a) * (1 - weight);
    }

    private static float KthSmallest(Tensor values, long zeroBasedIndex)
    {
        var (value, index) = values.kthvalue(zeroBasedIndex + 1, 0);
        using (index) using (value) return value.item<float>();
    }
}
