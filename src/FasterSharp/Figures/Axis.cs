using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>One axis of a <see cref="Figure"/>: title, linear or log scale, fixed range, tick format. Immutable.</summary>
/// <remarks>
/// <para><b>Categories.</b> An axis that holds text categories (the labels of a bar trace, or a scatter trace built
/// over categories such as layer names) is written as a Plotly category axis, so that names like "0", "4", "8"
/// are shown as labels in the order given, not placed as numbers.</para>
/// <para><b>Log scale.</b> A log axis gets explicit ticks that read as plain numbers at every tick (1, 2, 5, 10,
/// 20, 50, …; within one decade 1, 1.5, 2, 3, 4, 5, 7), chosen from the fixed range or else from the data on the
/// axis; with a <see cref="TickFormat"/> the tick values are chosen the same way and Plotly formats them.</para>
/// <para><b>Percent.</b> For accuracies or sparsities, give the values as fractions (0.9 for 90%) and
/// <c>tickFormat: ".0%"</c>: the ticks read 0%, 20%, … 100%. When the values span only a few points (accuracies
/// of 90–92%), use <c>".1%"</c>, or ticks half a point apart all read "92%". A fixed range is given
/// in fractions too (<c>min: 0, max: 1</c>).</para>
/// </remarks>
public sealed class Axis
{
    /// <summary>An axis with Plotly's defaults: no title, linear, automatic range.</summary>
    public static Axis Default { get; } = new();

    /// <summary>Creates an axis.</summary>
    /// <param name="title">The axis title; null for none.</param>
    /// <param name="log">True for a logarithmic (base 10) scale. Default false.</param>
    /// <param name="min">Lower end of a fixed range in data units; give both ends or neither (automatic range).</param>
    /// <param name="max">Upper end of a fixed range in data units.</param>
    /// <param name="tickFormat">A d3 format for tick labels, e.g. <c>".0%"</c> (values given as fractions read as
    /// percent: 0.9 → 90%) or <c>".2e"</c>; null for automatic.</param>
    /// <exception cref="ArgumentException">Only one of <paramref name="min"/> and <paramref name="max"/> is given, or <paramref name="tickFormat"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not finite, <paramref name="min"/> ≥ <paramref name="max"/>,
    /// or <paramref name="min"/> ≤ 0 on a log axis.</exception>
    public Axis(string? title = null, bool log = false, double? min = null, double? max = null, string? tickFormat = null)
    {
        if (min.HasValue != max.HasValue)
            throw new ArgumentException($"give both min and max for a fixed range, or neither (min {min?.ToString() ?? "null"}, max {max?.ToString() ?? "null"})", min.HasValue ? nameof(max) : nameof(min));
        if (min is { } lo && max is { } hi)
        {
            if (!double.IsFinite(lo)) throw new ArgumentOutOfRangeException(nameof(min), lo, "min must be finite");
            if (!double.IsFinite(hi)) throw new ArgumentOutOfRangeException(nameof(max), hi, "max must be finite");
            if (lo >= hi) throw new ArgumentOutOfRangeException(nameof(max), hi, $"max must be greater than min ({lo})");
            if (log && lo <= 0) throw new ArgumentOutOfRangeException(nameof(min), lo, "min must be positive on a log axis");
        }
        if (tickFormat is { Length: 0 }) throw new ArgumentException("tickFormat is empty; pass a d3 format or null", nameof(tickFormat));
        Title = title;
        Log = log;
        Min = min;
        Max = max;
        TickFormat = tickFormat;
    }

    /// <summary>The axis title; null for none.</summary>
    public string? Title { get; }

    /// <summary>Whether the scale is logarithmic (base 10).</summary>
    public bool Log { get; }

    /// <summary>Lower end of the fixed range in data units; null for automatic.</summary>
    public double? Min { get; }

    /// <summary>Upper end of the fixed range in data units; null for automatic.</summary>
    public double? Max { get; }

    /// <summary>The d3 tick format; null for automatic.</summary>
    public string? TickFormat { get; }

    /// <summary>Writes the axis as a Plotly layout axis object named <paramref name="name"/> (e.g. <c>xaxis2</c>).</summary>
    /// <param name="json">The writer.</param>
    /// <param name="name">The layout property, e.g. <c>xaxis2</c>.</param>
    /// <param name="categorical">Whether a trace puts text categories on this axis (the figure refuses a log
    /// axis there).</param>
    /// <param name="data">The numbers the traces place along this axis: the span a log axis's ticks cover when
    /// the range is automatic.</param>
    internal void WriteJson(Utf8JsonWriter json, string name, bool categorical, IEnumerable<double> data)
    {
        json.WriteStartObject(name);
        PlotlyJson.WriteTitle(json, Title);
        if (categorical) json.WriteString("type", "category");
        else if (Log) json.WriteString("type", "log");
        if (Min is { } lo && Max is { } hi)
        {
            // Plotly takes log-axis ranges as exponents.
            json.WriteStartArray("range");
            json.WriteNumberValue(Log ? Math.Log10(lo) : lo);
            json.WriteNumberValue(Log ? Math.Log10(hi) : hi);
            json.WriteEndArray();
        }
        if (TickFormat is not null) json.WriteString("tickformat", TickFormat);
        if (Log && !categorical) WriteLogTicks(json, data);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>tickvals</c> (and <c>ticktext</c> unless a tick format is set) over the fixed range or
    /// the positive finite data; nothing when there is neither (Plotly's own ticks then).</summary>
    private void WriteLogTicks(Utf8JsonWriter json, IEnumerable<double> data)
    {
        double low, high;
        if (Min is { } lo && Max is { } hi) (low, high) = (lo, hi);
        else
        {
            var positive = data.Where(v => double.IsFinite(v) && v > 0).ToArray();
            if (positive.Length == 0) return;
            (low, high) = (positive.Min(), positive.Max());
        }
        var ticks = LogTicks.Covering(low, high);
        PlotlyJson.WriteNumbers(json, "tickvals", ticks);
        if (TickFormat is not null) return;
        json.WriteStartArray("ticktext");
        foreach (var tick in ticks) json.WriteStringValue(LogTicks.Label(tick));
        json.WriteEndArray();
    }

    /// <summary>e.g. <c>loss (log)</c>.</summary>
    public override string ToString() => $"{Title ?? "(untitled)"}{(Log ? " (log)" : "")}";
}
