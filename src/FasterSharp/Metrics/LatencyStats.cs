using System.Globalization;

namespace FasterSharp.Metrics;

/// <summary>The wall time of one forward pass (eval mode, no_grad), over <see cref="Runs"/> timed runs.</summary>
/// <param name="BatchSize">Samples per forward pass.</param>
/// <param name="Threads">LibTorch intra-op threads used.</param>
/// <param name="Warmup">Untimed passes before the timed ones.</param>
/// <param name="Runs">Timed passes.</param>
/// <param name="MedianMs">Median time of one pass, in milliseconds.</param>
/// <param name="LowerQuartileMs">25th percentile (linear interpolation), ms.</param>
/// <param name="UpperQuartileMs">75th percentile, ms.</param>
/// <param name="MinMs">Fastest pass, ms.</param>
/// <param name="MaxMs">Slowest pass, ms.</param>
public sealed record LatencyStats(int BatchSize, int Threads, int Warmup, int Runs, double MedianMs, double LowerQuartileMs,
    double UpperQuartileMs, double MinMs, double MaxMs)
{
    /// <summary>The median time per sample (<see cref="MedianMs"/> / <see cref="BatchSize"/>), ms.</summary>
    public double MedianPerSampleMs => MedianMs / BatchSize;

    /// <summary>E.g. "4.12 ms (IQR 4.05–4.20, min 3.98, max 4.71; batch 64, 2 threads, 20 runs after 5 warm-up)".</summary>
    public override string ToString() =>
        $"{Ms(MedianMs)} ms (IQR {Ms(LowerQuartileMs)}–{Ms(UpperQuartileMs)}, min {Ms(MinMs)}, max {Ms(MaxMs)}; " +
        $"batch {BatchSize}, {Threads} thread{(Threads == 1 ? "" : "s")}, {Runs} runs after {Warmup} warm-up)";

    internal static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : ms < 100 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
