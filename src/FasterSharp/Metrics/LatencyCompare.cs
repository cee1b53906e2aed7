using static TorchSharp.torch;

namespace FasterSharp.Metrics;

public static partial class Latency
{
    /// <summary>The most rounds one <see cref="Compare"/> takes: far more than a median of rounds needs.</summary>
    public const int MaxRounds = 1_000;

    /// <summary>Times several models alternately: in each of <paramref name="rounds"/> rounds every model is
    /// measured once with <see cref="Measure"/>, in the order given (A, B, A, B, …), so that a change in the
    /// machine's load falls on all of them rather than on whichever was timed last. Each model's latency is the
    /// median of its round medians; its spread is the fastest and slowest round median; its ratio is taken to the
    /// first model's median. Measurements minutes apart can differ by more than the models do: compare models
    /// with this, not with separate <see cref="Measure"/> calls.</summary>
    /// <param name="models">At least one (name, model) pair; names non-empty and distinct. The first model is the
    /// reference of the ratios.</param>
    /// <param name="sampleInput">An input batch of the models' input shape (its first sample is used).</param>
    /// <param name="options">Batch size, threads, warm-up and runs of every measurement (default: as
    /// <see cref="Measure"/>).</param>
    /// <param name="rounds">Rounds, in [1, <see cref="MaxRounds"/>]; default 5. Use 3 or more for a spread that
    /// means something.</param>
    /// <returns>Per model, the rounds' measurements, the median of their medians, the spread and the ratio to the
    /// first model; displays as a table.</returns>
    /// <example><code>
    /// var timing = Latency.Compare([("original", original), ("pruned", pruned)], sample, new LatencyOptions(batchSize: 64, threads: 1), rounds: 7);
    /// display(timing);
    /// var speedUp = timing["pruned"].SpeedUpOverFirst;   // original's median ÷ pruned's
    /// </code></example>
    /// <exception cref="ArgumentNullException">A null list, model, name or sample.</exception>
    /// <exception cref="ArgumentException">No models, an empty or repeated name, or a sample or model that
    /// <see cref="Measure"/> refuses.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rounds"/> outside [1, <see cref="MaxRounds"/>],
    /// or a batch that does not fit in memory.</exception>
    /// <exception cref="ObjectDisposedException">A model or the sample was disposed.</exception>
    public static LatencyComparison Compare(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models, Tensor sampleInput,
        LatencyOptions? options = null, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(sampleInput);
        if (models.Count == 0) throw new ArgumentException("models is empty; compare at least one (name, model) pair", nameof(models));
        if (rounds is < 1 or > MaxRounds) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, $"must be in [1, {MaxRounds:N0}]");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var (name, model) = models[i];
            if (name is null) throw new ArgumentNullException(nameof(models), $"the name of model {i} is null");
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"the name of model {i} is empty", nameof(models));
            if (!seen.Add(name)) throw new ArgumentException($"two models are named '{name}'; names must be distinct", nameof(models));
            if (model is null) throw new ArgumentNullException(nameof(models), $"model '{name}' is null");
            Models.DisposedModel.ThrowIfDisposed(model, nameof(models));
        }
        ForwardRecording.CheckSample(sampleInput, nameof(sampleInput));
        options ??= new LatencyOptions();

        var measured = models.Select(_ => new List<LatencyStats>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
            for (var m = 0; m < models.Count; m++)
                measured[m].Add(Measure(models[m].Model, sampleInput, options));

        var medians = measured.Select(r => Quantile(r.Select(s => s.MedianMs).Order().ToArray(), 0.5)).ToArray();
        var rows = models.Select((pair, m) =>
        {
            var roundMedians = measured[m].Select(s => s.MedianMs).ToArray();
            return new LatencyComparisonRow(pair.Name, measured[m], medians[m], roundMedians.Min(), roundMedians.Max(), medians[m] / medians[0]);
        }).ToList();
        return new LatencyComparison(options, rounds, rows);
    }
}
