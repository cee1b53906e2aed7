using System.Globalization;
using FasterSharp.Display;
using FasterSharp.Figures;
using FasterSharp.Sparse;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Prune;

/// <summary>What <see cref="Sensitivity.Analyze"/> measured: the metric of the unpruned model and, for each group and
/// level, the metric with only that group pruned. Displays as a table; <see cref="Plot"/> draws the drop per group.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<SensitivityResult>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed partial class SensitivityResult : IRichDisplay
{
    internal SensitivityResult(string metricName, double baseline, IReadOnlyList<double> levels, IReadOnlyList<SensitivityRow> rows,
        LayerTypes layerTypes = LayerTypes.Conv2d)
    {
        LayerTypes = layerTypes;
        MetricName = metricName;
        Baseline = baseline;
        Levels = levels;
        Rows = rows;
    }

    /// <summary>The metric's name, for tables and plots.</summary>
    public string MetricName { get; }

    /// <summary>The layer types whose groups were analyzed (pass the same to <see cref="Pruner.PruneFilters"/>).</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>The metric of the unpruned model.</summary>
    public double Baseline { get; }

    /// <summary>The levels tested, in percent of each group's channels, ascending.</summary>
    public IReadOnlyList<double> Levels { get; }

    /// <summary>One row per group and level, groups in model order.</summary>
    public IReadOnlyList<SensitivityRow> Rows { get; }

    /// <summary>The groups, in model order.</summary>
    public IReadOnlyList<string> Groups => Rows.Select(r => r.Group).Distinct().ToList();

    /// <summary>Per-group sparsities for a budget: for each group, the highest level tested whose drop is at most
    /// <paramref name="maxDrop"/> (0 when even the lowest level drops more). Pass them to
    /// <see cref="PruneCallback"/> or <see cref="Pruner.PruneFilters"/> as per-group sparsities.</summary>
    /// <param name="maxDrop">The largest acceptable drop of the metric, in its own units (e.g. 0.01 for one point of an
    /// accuracy measured as a fraction); finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDrop"/> is negative or not finite.</exception>
    public IReadOnlyDictionary<string, double> RatiosFor(double maxDrop)
    {
        if (!(maxDrop >= 0) || double.IsInfinity(maxDrop))
            throw new ArgumentOutOfRangeException(nameof(maxDrop), maxDrop, "the acceptable drop is a finite number ≥ 0");
        return Groups.ToDictionary(g => g, g => Rows.Where(r => r.Group == g && r.Drop <= maxDrop).Select(r => r.Level).DefaultIfEmpty(0).Max());
    }

    /// <summary>The drop of the metric against the level, one line with markers per group; the levels on a percent
    /// axis (as fractions, tick format ".0%").</summary>
    /// <param name="title">The title, or null for none.</param>
    /// <param name="dropTickFormat">A tick format for the drop axis, e.g. ".1%" for an accuracy measured as a fraction;
    /// null (default) for plain numbers.</param>
    public Figure Plot(string? title = "Sensitivity: drop when one group alone is pruned", string? dropTickFormat = null)
    {
        var figure = new Figure().WithTitle(title).WithXAxis("channels pruned in the group", tickFormat: ".0%", min: 0, max: 1)
            .WithYAxis($"drop of {MetricName}", tickFormat: dropTickFormat);
        foreach (var group in Groups)
        {
            var rows = Rows.Where(r => r.Group == group).ToList();
            figure = figure.AddScatter(rows.Select(r => r.Level / 100), rows.Select(r => r.Drop), group, ScatterMode.LinesAndMarkers);
        }
        return figure;
    }

    /// <summary>The table: group, channels, then the drop at each level.</summary>
    public ResultTable ToTable() => new(
        ["group", "channels", .. Levels.Select(l => $"drop at {Format(l)}%")],
        Groups.Select(g =>
        {
            var rows = Rows.Where(r => r.Group == g).ToList();
            return (IReadOnlyList<string>)[g, rows[0].Channels.ToString(CultureInfo.InvariantCulture), .. rows.Select(r => Format(r.Drop, "0.####"))];
        }),
        $"{MetricName} of the unpruned model: {Format(Baseline, "0.####")}");

    /// <inheritdoc />
    public string ToHtml() => ToTable().ToHtml();

    /// <inheritdoc />
    public override string ToString() => ToTable().ToString();

    private static string Format(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
