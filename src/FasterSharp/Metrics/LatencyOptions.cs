namespace FasterSharp.Metrics;

/// <summary>How <see cref="Latency.Measure"/> times a model.</summary>
public sealed class LatencyOptions
{
    /// <summary>The most timed or warm-up passes one measurement takes: far more than a median needs, and few
    /// enough that the timings array and the run stay bounded.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The most samples in the timed batch. <see cref="Latency.Measure"/> also refuses a batch that would
    /// not fit in half of the memory available to the process.</summary>
    public const int MaxBatchSize = 1 << 20;

    /// <summary>The most intra-op threads a measurement may ask for: 4 per logical processor of this machine (at
    /// least 64). LibTorch's OpenMP pool allocates per thread and exits the process when it cannot, so a huge count
    /// must be refused here; more threads than processors only adds contention.</summary>
    public static int MaxThreads => Math.Max(64, 4 * Environment.ProcessorCount);

    /// <summary>Creates the options.</summary>
    /// <param name="batchSize">Samples per forward pass (the sample input's first sample, repeated), in
    /// [1, <see cref="MaxBatchSize"/>]; default 1.</param>
    /// <param name="threads">LibTorch intra-op threads during the measurement (restored afterwards), in
    /// [1, <see cref="MaxThreads"/>]; null keeps the current setting.</param>
    /// <param name="warmup">Untimed forward passes first (allocator, kernel selection), in [0, <see cref="MaxRuns"/>]; default 5.</param>
    /// <param name="runs">Timed forward passes, in [1, <see cref="MaxRuns"/>]; default 20.</param>
    /// <param name="channelsLast">Hand the model its batch in the channels-last memory format (see
    /// <see cref="Runtime.ChannelsLast"/>), as a model trained with <see cref="Learning.ChannelsLastCallback"/> is run;
    /// default false (NCHW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public LatencyOptions(int batchSize = 1, int? threads = null, int warmup = 5, int runs = 20, bool channelsLast = false)
    {
        if (batchSize is < 1 or > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"must be in [1, {MaxBatchSize:N0}]");
        var maxThreads = MaxThreads;
        if (threads is < 1 || threads > maxThreads)
            throw new ArgumentOutOfRangeException(nameof(threads), threads,
                $"must be in [1, {maxThreads}] (4 per logical processor of this machine, at least 64), or null for the current setting");
        if (warmup is < 0 or > MaxRuns) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, $"must be in [0, {MaxRuns:N0}]");
        if (runs is < 1 or > MaxRuns) throw new ArgumentOutOfRangeException(nameof(runs), runs, $"must be in [1, {MaxRuns:N0}]");
        BatchSize = batchSize;
        Threads = threads;
        Warmup = warmup;
        Runs = runs;
        ChannelsLast = channelsLast;
    }

    /// <summary>Whether the timed batch is channels-last.</summary>
    public bool ChannelsLast { get; }

    /// <summary>Samples per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>Intra-op threads, or null for the current setting.</summary>
    public int? Threads { get; }

    /// <summary>Untimed forward passes before the timed ones.</summary>
    public int Warmup { get; }

    /// <summary>Timed forward passes.</summary>
    public int Runs { get; }
}
