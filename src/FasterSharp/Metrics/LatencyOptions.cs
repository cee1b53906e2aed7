namespace FasterSharp.Metrics;

/// <summary>How <see cref="Latency.Measure"/> times a model.</summary>
public sealed class LatencyOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="batchSize">Samples per forward pass (the sample input's first sample, repeated); default 1.</param>
    /// <param name="threads">LibTorch intra-op threads during the measurement (restored afterwards); null keeps the
    /// current setting.</param>
    /// <param name="warmup">Untimed forward passes first (allocator, kernel selection); default 5.</param>
    /// <param name="runs">Timed forward passes; default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException">batchSize, threads or runs below 1, or warmup below 0.</exception>
    public LatencyOptions(int batchSize = 1, int? threads = null, int warmup = 5, int runs = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null for the current setting)");
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        BatchSize = batchSize;
        Threads = threads;
        Warmup = warmup;
        Runs = runs;
    }

    /// <summary>Samples per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>Intra-op threads, or null for the current setting.</summary>
    public int? Threads { get; }

    /// <summary>Untimed forward passes before the timed ones.</summary>
    public int Warmup { get; }

    /// <summary>Timed forward passes.</summary>
    public int Runs { get; }
}
