using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>One axis of a <see cref="Figure"/>: title, linear or log scale, fixed range, tick format. Immutable.</summary>
public sealed class Axis
{
    /// <summary>An axis with Plotly's defaults: no title, linear, automatic range.</summary>
    public static Axis Default { get; } = new();

    /// <summary>Creates an axis.</summary>
    /// <param name="title">The axis title; null for none.</param>
    /// <param name="log">True for a logarithmic (base 10) scale. Default false.</param>
    /// <param name="min">Lower end of a fixed range in data units; give both ends or neither (automatic range).</param>
    /// <param name="max">Upper end of a fixed range in data units.</param>
    /// <param name="tickFormat">A d3 format for tick labels, e.g. <c>".0%"</c> or <c>".2e"</c>; null for automatic.</param>
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
    internal void WriteJson(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        PlotlyJson.WriteTitle(json, Title);
        if (Log) json.WriteString("type", "log");
        if (Min is { } lo && Max is { } hi)
        {
            // Plotly takes log-axis ranges as exponents.
            json.WriteStartArray("range");
            json.WriteNumberValue(Log ? Math.Log10(lo) : lo);
            json.WriteNumberValue(Log ? Math.Log10(hi) : hi);
            json.WriteEndArray();
        }
        if (TickFormat is not null) json.WriteString("tickformat", TickFormat);
        json.WriteEndObject();
    }

    /// <summary>e.g. <c>loss (log)</c>.</summary>
    public override string ToString() => $"{Title ?? "(untitled)"}{(Log ? " (log)" : "")}";
}
