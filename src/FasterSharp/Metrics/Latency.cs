using System.Diagnostics;
using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>Measures inference latency: a garbage collection, warm-up passes, then timed forward passes in eval mode
/// under no_grad, summarized by the median and the spread (quartiles, min, max).</summary>
public static partial class Latency
{
    /// <summary>Times <paramref name="model"/> on a batch made of <paramref name="sampleInput"/>'s first sample
    /// repeated <see cref="LatencyOptions.BatchSize"/> times. The model's training flags and the thread setting are
    /// restored afterwards.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sampleInput">An input batch of the model's input shape (its first sample is used).</param>
    /// <param name="options">Batch size, threads, warm-up and runs (default: batch 1, current threads, 5 + 20 runs).</param>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point batch, or the model fails on it (the
    /// message gives the shape and the model's error).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timed batch would not fit in half of the available memory.</exception>
    public static LatencyStats Measure(nn.Module<Tensor, Tensor> model, Tensor sampleInput, LatencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ForwardRecording.CheckSample(sampleInput, nameof(sampleInput));
        Models.DisposedModel.ThrowIfDisposed(model);
        options ??= new LatencyOptions();
        CheckBatchFits(sampleInput, options.BatchSize);
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
            using var dense = first.expand(shape).contiguous();
            using var batch = options.ChannelsLast && dense.dim() == 4 ? Runtime.ChannelsLast.Of(dense) : dense.alias();
            for (var i = 0; i < options.Warmup; i++) Forward(model, batch).Dispose();
            for (var i = 0; i < options.Runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var output = Forward(model, batch);
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

    /// <summary>One forward pass on the timed batch; a model that fails on it is an <see cref="ArgumentException"/>
    /// naming the shape, with the first line of the model's message (not LibTorch's C++ frames). The try costs
    /// nothing while nothing throws.</summary>
    private static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        try
        {
            return model.call(batch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException(
                $"the model's forward failed on the sample input repeated into a batch of shape [{string.Join(", ", batch.shape)}]: {FirstLine(e.Message)}",
                "sampleInput", e);
        }
    }

    /// <summary>LibTorch's messages carry C++ frames after the first line ("Exception raised from … frame #0 …").</summary>
    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return end < 0 ? message : message[..end].TrimEnd();
    }

    /// <summary>The timed batch is the first sample repeated: refuse one larger than half the memory the process
    /// may use, before anything is allocated.</summary>
    private static void CheckBatchFits(Tensor sampleInput, int batchSize)
    {
        var perSample = sampleInput.numel() / sampleInput.shape[0] * sampleInput.ElementSize;
        var bytes = (double)perSample * batchSize;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available / 2.0)
            throw new ArgumentOutOfRangeException("options", batchSize,
                $"a batch of {batchSize:N0} samples of shape [{string.Join(", ", sampleInput.shape.Skip(1))}] needs {bytes / (1L << 30):0.##} GiB, " +
                $"more than half of the {available / (double)(1L << 30):0.##} GiB this process may use; choose a smaller BatchSize");
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
