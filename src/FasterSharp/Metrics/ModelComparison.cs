using System.Globalization;
using FasterSharp.Display;
using FasterSharp.Figures;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Metrics;

/// <summary>One quantity of a <see cref="ModelComparison"/>.</summary>
/// <param name="Quantity">What is compared ("Parameters", "MACs per sample", "accuracy", …).</param>
/// <param name="Before">The value before.</param>
/// <param name="After">The value after.</param>
/// <param name="BeforeText">The value before, formatted.</param>
/// <param name="AfterText">The value after, formatted.</param>
public sealed record ComparisonRow(string Quantity, double Before, double After, string BeforeText, string AfterText)
{
    /// <summary>After / before (NaN when before is 0).</summary>
    public double Ratio => Before == 0 ? double.NaN : After / Before;
}

/// <summary>A before → after table of two <see cref="ModelStats"/>: parameters, non-zero parameters, MACs, size on
/// disk and latency (when both were timed), with the ratio after/before; plus any metric added with
/// <see cref="WithMetric"/> (e.g. accuracy). Displays as a text or HTML table.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<ModelComparison>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class ModelComparison : IRichDisplay
{
    private ModelComparison(ModelStats before, ModelStats after, IReadOnlyList<ComparisonRow> rows)
    {
        Before = before;
        After = after;
        Rows = rows;
    }

    /// <summary>The model before.</summary>
    public ModelStats Before { get; }

    /// <summary>The model after.</summary>
    public ModelStats After { get; }

    /// <summary>The compared quantities, in table order.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>Compares two measurements.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    public static ModelComparison Of(ModelStats before, ModelStats after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var rows = new List<ComparisonRow>
        {
            new("Parameters", before.Parameters, after.Parameters, ModelStats.Count(before.Parameters), ModelStats.Count(after.Parameters)),
            new("Non-zero parameters", before.NonZeroParameters, after.NonZeroParameters,
                ModelStats.Count(before.NonZeroParameters), ModelStats.Count(after.NonZeroParameters)),
            new("MACs per sample", before.Macs, after.Macs, ModelStats.Scaled(before.Macs), ModelStats.Scaled(after.Macs)),
            new("Size on disk", before.SizeBytes, after.SizeBytes, ModelStats.Bytes(before.SizeBytes), ModelStats.Bytes(after.SizeBytes)),
        };
        if (before.Latency is { } lb && after.Latency is { } la)
        {
            var setting = lb.BatchSize == la.BatchSize && lb.Threads == la.Threads
                ? $" (batch {lb.BatchSize}, {lb.Threads} thread{(lb.Threads == 1 ? "" : "s")})" : "";
            rows.Add(new($"Latency, median ms{setting}", lb.MedianMs, la.MedianMs, Spread(lb), Spread(la)));
        }
        return new ModelComparison(before, after, rows);
    }

    /// <summary>The same comparison with one more row, e.g. <c>.WithMetric("accuracy", 0.9012, 0.9008)</c>.</summary>
    /// <param name="name">The row label.</param>
    /// <param name="before">The value before.</param>
    /// <param name="after">The value after.</param>
    /// <param name="format">A .NET numeric format for both values (default "0.0000").</param>
    /// <exception cref="ArgumentException">An empty name or format.</exception>
    public ModelComparison WithMetric(string name, double before, double after, string format = "0.0000")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        var row = new ComparisonRow(name, before, after, before.ToString(format, CultureInfo.InvariantCulture), after.ToString(format, CultureInfo.InvariantCulture));
        return new ModelComparison(Before, After, [.. Rows, row]);
    }

    /// <summary>A grouped bar chart of a per-layer quantity, before and after, by layer name (layers of both models).</summary>
    public Figure PlotLayers(LayerQuantity quantity = LayerQuantity.Parameters, string? title = null)
    {
        var names = Before.Layers.Concat(After.Layers).Where(l => ModelStats.Value(l, quantity) is > 0).Select(l => l.Name).Distinct().ToList();
        double ValueOf(ModelStats stats, string layer) =>
            stats.Layers.FirstOrDefault(l => l.Name == layer) is { } row ? ModelStats.Value(row, quantity) ?? 0 : 0;
        return Figure.Bar(names, names.Select(n => ValueOf(Before, n)), BeforeLabel)
            .AddBar(names, names.Select(n => ValueOf(After, n)), AfterLabel)
            .WithTitle(title ?? $"{ModelStats.QuantityName(quantity)} per layer: {BeforeLabel} → {AfterLabel}")
            .WithXAxis("layer")
            .WithYAxis(ModelStats.QuantityName(quantity));
    }

    /// <summary>The table as aligned text.</summary>
    public override string ToString() => TextTable.Render(Headers, Cells().ToList());

    /// <summary>The table as HTML.</summary>
    public string ToHtml() => HtmlTable.Render(Headers, Cells());

    private string[] Headers => ["", BeforeLabel, AfterLabel, $"{AfterLabel} / {BeforeLabel}"];

    private string BeforeLabel => Before.Name == After.Name ? "before" : Before.Name;

    private string AfterLabel => Before.Name == After.Name ? "after" : After.Name;

    private IEnumerable<IReadOnlyList<string>> Cells() => Rows.Select(r => (IReadOnlyList<string>)
        [r.Quantity, r.BeforeText, r.AfterText, double.IsNaN(r.Ratio) ? "–" : r.Ratio.ToString("0.000", CultureInfo.InvariantCulture) + "×"]);

    private static string Spread(LatencyStats stats) =>
        $"{LatencyStats.Ms(stats.MedianMs)} (IQR {LatencyStats.Ms(stats.LowerQuartileMs)}–{LatencyStats.Ms(stats.UpperQuartileMs)})";
}
