using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>A bar series: Plotly's <c>bar</c> trace, one bar per category (e.g. per layer).
/// NaN or infinite values are written as null (no bar). The figure makes the axis holding the categories a
/// category axis, so that names such as "0", "4", "8" (a Sequential's layers) read as labels, not as numbers.</summary>
public sealed class BarTrace : Trace
{
    /// <summary>Creates a bar trace.</summary>
    /// <param name="categories">The bar labels, drawn along the category axis in this order.</param>
    /// <param name="values">The bar heights; one per category.</param>
    /// <param name="name">The legend entry; null for none.</param>
    /// <param name="color">A CSS color; null for Plotly's color cycle.</param>
    /// <param name="horizontal">True draws horizontal bars (categories on the y axis). Default false.</param>
    /// <param name="showLegend">Whether the trace appears in the legend; null for Plotly's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="categories"/>, <paramref name="values"/> or a category is null.</exception>
    /// <exception cref="ArgumentException">The counts differ, or <paramref name="color"/> is empty.</exception>
    public BarTrace(IEnumerable<string> categories, IEnumerable<double> values, string? name = null, string? color = null,
        bool horizontal = false, bool? showLegend = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var labels = categories.ToArray();
        var heights = ToArray(values, nameof(values));
        var nullAt = Array.IndexOf(labels, null);
        if (nullAt >= 0) throw new ArgumentNullException(nameof(categories), $"category {nullAt} is null");
        if (labels.Length != heights.Length)
            throw new ArgumentException($"there are {labels.Length} categories but {heights.Length} values; they must match", nameof(values));
        if (color is { Length: 0 }) throw new ArgumentException("color is empty; pass a CSS color or null", nameof(color));
        Categories = labels;
        Values = heights;
        Color = color;
        Horizontal = horizontal;
        ShowLegend = showLegend;
    }

    /// <summary>The bar labels.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The bar heights.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The CSS color; null for Plotly's color cycle.</summary>
    public string? Color { get; }

    /// <summary>Whether bars are horizontal (categories on the y axis).</summary>
    public bool Horizontal { get; }

    /// <inheritdoc />
    public override string PlotlyType => "bar";

    /// <inheritdoc />
    public override int Count => Values.Count;

    internal override bool CategoricalX => !Horizontal;

    internal override bool CategoricalY => Horizontal;

    internal override IEnumerable<double> NumbersOnX => Horizontal ? Values : [];

    internal override IEnumerable<double> NumbersOnY => Horizontal ? [] : Values;

    private protected override void WriteData(Utf8JsonWriter json, string? groupColor)
    {
        json.WriteStartArray(Horizontal ? "y" : "x");
        foreach (var c in Categories) json.WriteStringValue(c);
        json.WriteEndArray();
        PlotlyJson.WriteNumbers(json, Horizontal ? "x" : "y", Values);
        if (Horizontal) json.WriteString("orientation", "h");
        if ((Color ?? groupColor) is { } color)
        {
            json.WriteStartObject("marker");
            json.WriteString("color", color);
            json.WriteEndObject();
        }
    }
}
