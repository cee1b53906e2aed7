using FasterSharp.Metrics;
using FasterSharp.Models;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Metrics;

/// <summary>Latency's counts are bounded by what the machine can do, and a model that cannot take the sample is a
/// clear error, not LibTorch's C++ frames.</summary>
public class LatencyArgumentTests
{
    [Fact]
    public void ThreadRunAndBatchCountsOutsideTheirRangesAreRefusedWhenTheOptionsAreMade()
    {
        // int.MaxValue threads made libgomp try to allocate 463 GB and end the process.
        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(threads: int.MaxValue));
        Assert.Equal("threads", threads.ParamName);
        Assert.Contains($"[1, {LatencyOptions.MaxThreads}]", threads.Message);
        Assert.True(LatencyOptions.MaxThreads >= 4 * Environment.ProcessorCount);
        Assert.Equal("runs", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(runs: int.MaxValue)).ParamName);
        Assert.Equal("warmup", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(warmup: int.MaxValue)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(batchSize: int.MaxValue)).ParamName);
        Assert.Equal(LatencyOptions.MaxRuns, new LatencyOptions(runs: LatencyOptions.MaxRuns).Runs);
    }

    [Fact]
    public void ABatchLargerThanHalfTheAvailableMemoryIsRefusedBeforeItIsAllocated()
    {
        using var model = SmallCnns.BenchmarkCnn();
        using var sample = randn(1, 1, 2048, 2048);
        var threadsBefore = get_num_threads();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Latency.Measure(model, sample, new LatencyOptions(batchSize: LatencyOptions.MaxBatchSize, threads: 1)));
        Assert.Contains("GiB", e.Message);
        Assert.Equal(threadsBefore, get_num_threads());
        Assert.True(model.training);
    }

    [Fact]
    public void AWrongShapedSampleIsAnArgumentExceptionNamingTheShapeWithoutNativeFrames()
    {
        using var model = SmallCnns.BenchmarkCnn();
        using var sample = randn(2, 3, 28, 28);
        var e = Assert.Throws<ArgumentException>(() => Latency.Measure(model, sample, new LatencyOptions(warmup: 0, runs: 1)));
        Assert.Equal("sampleInput", e.ParamName);
        Assert.Contains("[1, 3, 28, 28]", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message);
        Assert.True(model.training, "the training flags are restored after the failure");
    }

    [Fact]
    public void ADisposedModelOrSampleIsAnObjectDisposedException()
    {
        var model = SmallCnns.BenchmarkCnn();
        model.Dispose();
        using var sample = randn(1, 1, 28, 28);
        Assert.Throws<ObjectDisposedException>(() => Latency.Measure(model, sample));
        Assert.Throws<ObjectDisposedException>(() => ModelStats.Measure(model, sample));
        using var live = SmallCnns.BenchmarkCnn();
        var disposedSample = randn(1, 1, 28, 28);
        disposedSample.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Latency.Measure(live, disposedSample));
    }
}
