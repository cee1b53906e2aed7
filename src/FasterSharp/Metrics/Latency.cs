using System.Diagnostics;
using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>Measures inference latency: a garbage collection, warm-up passes, then timed forward passes in eval mode
/// under no_grad, summarized by the median and the spread (quartiles, min, max).</summary>
public static class Latency
{
    /// <summary>Times <paramref name="model"/> on a batch made of <paramref name="sampleInput"/>'s first sample
    /// repeated <see cref="LatencyOptions.BatchSize"/> times. The model's training flags and the thread setting are
    /// restored afterwards.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sampleInput">An input batch of the model's input shape (its first sample is used).</param>
    /// <param name="options">Batch size, threads, warm-up and runs (default: batch 1, current threads, 5 + 20 runs).</param>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point batch.</exception>
    public static LatencyStats Measure(nn.Module<Tensor, Tensor> model, Tensor sampleInput, LatencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ForwardRecording.CheckSample(sampleInput, nameof(sampleInput));
        options ??= new LatencyOptions();
        var modes = ForwardRecording.WithNames(model).Select(m => (m.Module, m.Module.training)).ToList();
        var previousThreads = get_num_threads();
        var times = new double[options.Runs];
        try
        {
            if (options.Threads is int threads) set_num_threads(threads);
            model.eval();
            // Tensors dropped without Dispose (training leaves many) are released by .NET finalizers on another
            // thread: collect them first, so that their release does not compete with the timed passes.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var noGrad = no_grad();
            using var first = sampleInput.narrow(0, 0, 1);
            var shape = sampleInput.shape.ToArray();
            shape[0] = options.BatchSize;
            using var batch = first.expand(shape).contiguous();
            for (var i = 0; i < options.Warmup; i++) model.call(batch).Dispose();
            for (var i = 0; i < options.Runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var output = model.call(batch);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        finally
        {
            set_num_threads(previousThreads);
            foreach (var (module, training) in modes) module.train(training);
        }
        Array.Sort(times);
        return new LatencyStats(options.BatchSize, options.Threads ?? previousThreads, options.Warmup, options.Runs,
            Quantile(times, 0.5), Quantile(times, 0.25), Quantile(times, 0.75), times[0], times[^1]);
    }

    /// <summary>The q-quantile of sorted values with linear interpolation (numpy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
