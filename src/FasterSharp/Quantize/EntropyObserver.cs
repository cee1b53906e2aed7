using System.Globalization;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Entropy calibration (TensorRT's and ONNX Runtime's "entropy" method): a histogram of |x| over all batches,
/// then the clipping threshold T whose quantized distribution (the histogram up to T, with everything beyond T added to
/// its last bin, merged into <see cref="QuantizedBins"/> levels and spread back) loses the least information — the
/// smallest Kullback–Leibler divergence from the unquantized one. Outliers that min-max would stretch the scale for are
/// clipped when clipping costs less than the coarser steps would. The range is [max(min, −T), min(max, T)], widened to contain 0. The histogram has <see cref="Bins"/> bins of a width fixed by the first batch (|x|max /
/// bins) and grows when a later batch reaches further.</summary>
public sealed class EntropyObserver : Observer
{
    private double[] _histogram = [];
    private float _width;
    private float _dataMin = float.PositiveInfinity;
    private float _dataMax = float.NegativeInfinity;

    /// <summary>Creates the observer; by default for uint8 affine activations, 2048 bins searched with 128 levels (TensorRT's).</summary>
    /// <param name="scheme">The integer type and mapping; null for <see cref="QuantScheme.UInt8Affine"/>.</param>
    /// <param name="bins">Histogram bins for the first batch's range, in [128, 65536].</param>
    /// <param name="quantizedBins">The levels the search quantizes to, in [2, bins].</param>
    /// <exception cref="ArgumentOutOfRangeException">Bins or levels out of range.</exception>
    public EntropyObserver(QuantScheme? scheme = null, int bins = 2048, int quantizedBins = 128) : base(scheme ?? QuantScheme.UInt8Affine)
    {
        if (bins < 128 || bins > 65536) throw new ArgumentOutOfRangeException(nameof(bins), bins, "must be in [128, 65536]");
        if (quantizedBins < 2 || quantizedBins > bins) throw new ArgumentOutOfRangeException(nameof(quantizedBins), quantizedBins, $"must be in [2, {bins}]");
        Bins = bins;
        QuantizedBins = quantizedBins;
    }

    /// <summary>The histogram's bins over the first batch's |x| range.</summary>
    public int Bins { get; }

    /// <summary>The levels the threshold search quantizes to.</summary>
    public int QuantizedBins { get; }

    /// <summary>The clipping threshold T found so far (NaN before the first tensor).</summary>
    public float Threshold { get; private set; } = float.NaN;

    /// <inheritdoc />
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"entropy ({Bins} bins, {QuantizedBins} levels)");

    /// <inheritdoc />
    public override Observer CreateLike() => new EntropyObserver(Scheme, Bins, QuantizedBins);

    /// <inheritdoc />
    protected override void Update(Tensor values, float batchMin, float batchMax, int previousCount)
    {
        var absMax = Math.Max(Math.Abs(batchMin), Math.Abs(batchMax));
        if (_histogram.Length == 0)
        {
            _width = absMax > 0 ? absMax / Bins : 1e-8f;
            _histogram = new double[Bins];
        }
        var needed = (int)Math.Min(int.MaxValue / 2, Math.Ceiling(absMax / _width) + 1);
        if (needed > _histogram.Length) Array.Resize(ref _histogram, needed);
        using (var scope = NewDisposeScope())
        {
            var index = values.abs().div(_width).floor_().clamp_(0, _histogram.Length - 1).to_type(ScalarType.Int64);
            var counts = index.bincount(null, _histogram.Length).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            for (var i = 0; i < counts.Length; i++) _histogram[i] += counts[i];
        }
        _dataMin = Math.Min(_dataMin, batchMin);
        _dataMax = Math.Max(_dataMax, batchMax);
        // The last bin may reach past the data: the threshold never exceeds the largest |x| seen.
        var threshold = Math.Min(SearchThreshold(_histogram, QuantizedBins) * _width, Math.Max(Math.Abs(_dataMin), Math.Abs(_dataMax)));
        Threshold = threshold;
        Max = Math.Min(threshold, Math.Max(_dataMax, 0f));
        Min = Math.Max(Math.Min(_dataMin, 0f), -threshold);
    }

    /// <inheritdoc />
    protected override void ResetState()
    {
        _histogram = [];
        _width = 0;
        _dataMin = float.PositiveInfinity;
        _dataMax = float.NegativeInfinity;
        Threshold = float.NaN;
    }

    private protected override void SeedState(float min, float max)
    {
        (_dataMin, _dataMax) = (min, max);
        Threshold = Math.Max(Math.Abs(min), Math.Abs(max));
    }

    /// <summary>The number of leading bins (the threshold in bin widths) with the smallest KL divergence.</summary>
    internal static int SearchThreshold(double[] histogram, int quantizedBins)
    {
        var last = histogram.Length;
        while (last > 0 && histogram[last - 1] == 0) last--;
        if (last <= quantizedBins) return Math.Max(last, 1);
        var bestBins = last;
        var bestDivergence = double.PositiveInfinity;
        var p = new double[last];
        var q = new double[last];
        double outside = 0;
        for (var i = last; i < histogram.Length; i++) outside += histogram[i];
        // outliers beyond i bins, accumulated from the top down
        var tail = new double[last + 1];
        for (var i = last - 1; i >= 0; i--) tail[i] = tail[i + 1] + histogram[i];
        for (var i = quantizedBins; i <= last; i++)
        {
            Array.Copy(histogram, p, i);
            p[i - 1] += tail[i] + outside;
            // Merge the first i bins into quantizedBins levels, then spread each level evenly over its non-empty bins.
            var perLevel = i / quantizedBins;
            for (var level = 0; level < quantizedBins; level++)
            {
                var start = level * perLevel;
                var stop = level == quantizedBins - 1 ? i : start + perLevel;
                double sum = 0;
                var nonEmpty = 0;
                for (var b = start; b < stop; b++)
                {
                    sum += histogram[b];
                    if (p[b] != 0) nonEmpty++;
                }
                for (var b = start; b < stop; b++) q[b] = p[b] != 0 && nonEmpty > 0 ? sum / nonEmpty : 0;
            }
            var divergence = KlDivergence(p, q, i);
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestBins = i;
            }
        }
        return bestBins;
    }

    /// <summary>KL(p ‖ q) over the first n entries, both normalized; bins where p is 0 add nothing, bins where only q is 0
    /// are smoothed with a small epsilon (as TensorRT's and ONNX Runtime's implementations do).</summary>
    private static double KlDivergence(double[] p, double[] q, int n)
    {
        const double Epsilon = 1e-4;
        double pSum = 0, qSum = 0;
        for (var i = 0; i < n; i++)
        {
            pSum += p[i];
            qSum += q[i] == 0 && p[i] != 0 ? Epsilon : q[i];
        }
        if (pSum == 0 || qSum == 0) return double.PositiveInfinity;
        double divergence = 0;
        for (var i = 0; i < n; i++)
        {
            if (p[i] == 0) continue;
            var qi = q[i] == 0 ? Epsilon : q[i];
            divergence += p[i] / pSum * Math.Log(p[i] / pSum / (qi / qSum));
        }
        return divergence;
    }
}
