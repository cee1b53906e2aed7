using System.Globalization;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Metrics;

/// <summary>One model of a <see cref="LatencyComparison"/>: its <see cref="Latency.Measure"/> result in every
/// round, the median of the rounds' medians and their range.</summary>
/// <param name="Name">The model's name, as given to <see cref="Latency.Compare"/>.</param>
/// <param name="Rounds">One measurement per round, in round order.</param>
/// <param name="MedianMs">The median over the rounds of each round's median pass time, ms.</param>
/// <param name="MinMs">The fastest round's median, ms: the lower end of the spread.</param>
/// <param name="MaxMs">The slowest round's median, ms: the upper end of the spread.</param>
/// <param name="RatioToFirst">This model's <see cref="MedianMs"/> over the first model's (1 for the first model;
/// below 1 is faster).</param>
public sealed record LatencyComparisonRow(string Name, IReadOnlyList<LatencyStats> Rounds, double MedianMs, double MinMs,
    double MaxMs, double RatioToFirst)
{
    /// <summary>The first model's median over this model's (above 1 is faster than the first model), e.g. the
    /// "÷ latency" of a compressed network against its original.</summary>
    public double SpeedUpOverFirst => 1 / RatioToFirst;

    /// <summary>Whether the spreads [<see cref="MinMs"/>, <see cref="MaxMs"/>] of the two models are disjoint: only
    /// then is the difference of their medians larger than the round-to-round variation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsSeparatedFrom(LatencyComparisonRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return MaxMs < other.MinMs || other.MaxMs < MinMs;
    }
}

/// <summary>Models timed alternately, round after round (see <see cref="Latency.Compare"/>): per model the median
/// of its round medians, their spread (min–max over rounds) and the ratio to the first model. Displays as a text
/// or HTML table; <see cref="ToTable"/> gives the same as a <see cref="ResultTable"/>.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<LatencyComparison>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class LatencyComparison : IRichDisplay
{
    internal LatencyComparison(LatencyOptions options, int rounds, IReadOnlyList<LatencyComparisonRow> rows)
    {
        Options = options;
        RoundCount = rounds;
        Rows = rows;
    }

    /// <summary>How each model was timed in each round (batch size, threads, warm-up, runs, memory format).</summary>
    public LatencyOptions Options { get; }

    /// <summary>The number of rounds; in each, every model was measured once, in the order given.</summary>
    public int RoundCount { get; }

    /// <summary>One row per model, in the order given; the first is the reference of the ratios.</summary>
    public IReadOnlyList<LatencyComparisonRow> Rows { get; }

    /// <summary>The row of the model named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public LatencyComparisonRow this[string name] =>
        Rows.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"no model named '{name}' was compared; the models are {string.Join(", ", Rows.Select(r => $"'{r.Name}'"))}");

    /// <summary>The comparison as a <see cref="ResultTable"/>: model, median ms, spread (min–max of the round
    /// medians), ratio to the first model, and whether the spreads of the two are disjoint.</summary>
    public ResultTable ToTable() => new(Headers, Cells(), Caption);

    /// <inheritdoc />
    public string ToHtml() => ToTable().ToHtml();

    /// <summary>The table as aligned text, with its caption.</summary>
    public override string ToString() => ToTable().ToString();

    private string Caption =>
        $"Latency of one pass, batch {Options.BatchSize}{(Options.ChannelsLast ? " (channels-last)" : "")}, " +
        $"{Threads}: median over {RoundCount} alternating round{(RoundCount == 1 ? "" : "s")} of each round's median of " +
        $"{Options.Runs} passes after {Options.Warmup} warm-up; spread = fastest–slowest round median";

    private string Threads => Rows[0].Rounds[0].Threads == 1 ? "1 thread" : $"{Rows[0].Rounds[0].Threads} threads";

    private string[] Headers => ["model", "median (ms)", "spread (ms)", $"ratio to {Rows[0].Name}", "spreads disjoint"];

    private IEnumerable<IReadOnlyList<string>> Cells() => Rows.Select((r, i) => (IReadOnlyList<string>)
    [
        r.Name,
        LatencyStats.Ms(r.MedianMs),
        $"{LatencyStats.Ms(r.MinMs)}–{LatencyStats.Ms(r.MaxMs)}",
        r.RatioToFirst.ToString("0.000", CultureInfo.InvariantCulture) + "×",
        i == 0 ? "–" : r.IsSeparatedFrom(Rows[0]) ? "yes" : "no: within the spread",
    ]);
}
