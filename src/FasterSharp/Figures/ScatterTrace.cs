using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>A line or scatter series: Plotly's <c>scatter</c> trace with numeric y and numeric x, or text
/// categories as x (e.g. layer names, drawn in order on a category axis). NaN or infinite values are written as
/// null, which Plotly draws as a gap.</summary>
public sealed class ScatterTrace : Trace
{
    /// <summary>Creates a scatter trace.</summary>
    /// <param name="x">The x values.</param>
    /// <param name="y">The y values; as many as <paramref name="x"/>.</param>
    /// <param name="name">The legend entry; null for none.</param>
    /// <param name="mode">Lines, markers or both. Default lines.</param>
    /// <param name="color">A CSS color such as <c>"#1f77b4"</c> or <c>"rgba(31,119,180,0.3)"</c>; null for Plotly's color cycle.</param>
    /// <param name="width">Line width in pixels; null for Plotly's default (2).</param>
    /// <param name="dash">Line dash pattern. Default solid.</param>
    /// <param name="opacity">Opacity of the whole trace in [0, 1]. Default 1.</param>
    /// <param name="showLegend">Whether the trace appears in the legend; null for Plotly's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> differ in length, or <paramref name="color"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive and finite, <paramref name="opacity"/> is outside [0, 1],
    /// or <paramref name="mode"/> or <paramref name="dash"/> is not a defined value.</exception>
    [OverloadResolutionPriority(1)] // `[]` or null as x: the numeric overload, as before categories existed
    public ScatterTrace(IEnumerable<double> x, IEnumerable<double> y, string? name = null, ScatterMode mode = ScatterMode.Lines,
        string? color = null, double? width = null, LineDash dash = LineDash.Solid, double opacity = 1.0, bool? showLegend = null)
        : base(name)
    {
        var xs = ToArray(x, nameof(x));
        var ys = ToArray(y, nameof(y));
        if (xs.Length != ys.Length)
            throw new ArgumentException($"x has {xs.Length} values but y has {ys.Length}; they must have the same length", nameof(y));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be Lines, Markers or LinesAndMarkers");
        if (!Enum.IsDefined(dash)) throw new ArgumentOutOfRangeException(nameof(dash), dash, "dash must be Solid, Dash, Dot or DashDot");
        if (color is { Length: 0 }) throw new ArgumentException("color is empty; pass a CSS color or null", nameof(color));
        if (width is { } w && !(double.IsFinite(w) && w > 0))
            throw new ArgumentOutOfRangeException(nameof(width), width, "width must be a positive number of pixels");
        if (!(opacity >= 0 && opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(opacity), opacity, "opacity must be in [0, 1]");
        X = xs;
        Y = ys;
        Mode = mode;
        Color = color;
        Width = width;
        Dash = dash;
        Opacity = opacity;
        ShowLegend = showLegend;
    }

    /// <summary>Creates a scatter trace over text categories: one point per category (e.g. per layer), drawn in
    /// the order given on a category axis, so that layer names read as names even when they look like numbers.</summary>
    /// <param name="categories">The x labels, one per point.</param>
    /// <param name="y">The y values; one per category.</param>
    /// <param name="name">The legend entry; null for none.</param>
    /// <param name="mode">Lines, markers or both. Default lines.</param>
    /// <param name="color">A CSS color; null for Plotly's color cycle.</param>
    /// <param name="width">Line width in pixels; null for Plotly's default (2).</param>
    /// <param name="dash">Line dash pattern. Default solid.</param>
    /// <param name="opacity">Opacity of the whole trace in [0, 1]. Default 1.</param>
    /// <param name="showLegend">Whether the trace appears in the legend; null for Plotly's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="categories"/>, a category or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The counts differ, or <paramref name="color"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for numeric x.</exception>
    public ScatterTrace(IEnumerable<string> categories, IEnumerable<double> y, string? name = null, ScatterMode mode = ScatterMode.Lines,
        string? color = null, double? width = null, LineDash dash = LineDash.Solid, double opacity = 1.0, bool? showLegend = null)
        : this(Positions(categories, out var labels), y, name, mode, color, width, dash, opacity, showLegend) =>
        Categories = labels;

    /// <summary>The x labels of a trace over categories; null when x is numeric.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>The x values; for a trace over <see cref="Categories"/>, their positions 0, 1, 2, … on the category axis.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>The y values.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Lines, markers or both.</summary>
    public ScatterMode Mode { get; }

    /// <summary>The CSS color; null for Plotly's color cycle.</summary>
    public string? Color { get; }

    /// <summary>Line width in pixels; null for Plotly's default.</summary>
    public double? Width { get; }

    /// <summary>Line dash pattern.</summary>
    public LineDash Dash { get; }

    /// <summary>Opacity of the trace in [0, 1].</summary>
    public double Opacity { get; }

    /// <inheritdoc />
    public override string PlotlyType => "scatter";

    /// <inheritdoc />
    public override int Count => X.Count;

    internal override bool CategoricalX => Categories is not null;

    internal override bool CategoricalY => false;

    internal override IEnumerable<double> NumbersOnX => Categories is null ? X : [];

    internal override IEnumerable<double> NumbersOnY => Y;

    private static IEnumerable<double> Positions(IEnumerable<string> categories, out string[] labels)
    {
        ArgumentNullException.ThrowIfNull(categories);
        labels = categories.ToArray();
        var nullAt = Array.IndexOf(labels, null);
        if (nullAt >= 0) throw new ArgumentNullException(nameof(categories), $"category {nullAt} is null");
        return Enumerable.Range(0, labels.Length).Select(i => (double)i);
    }

    private protected override void WriteData(Utf8JsonWriter json, string? groupColor)
    {
        if (Categories is null) PlotlyJson.WriteNumbers(json, "x", X);
        else
        {
            json.WriteStartArray("x");
            foreach (var c in Categories) json.WriteStringValue(c);
            json.WriteEndArray();
        }
        PlotlyJson.WriteNumbers(json, "y", Y);
        json.WriteString("mode", Mode switch
        {
            ScatterMode.Lines => "lines",
            ScatterMode.Markers => "markers",
            _ => "lines+markers",
        });
        var color = Color ?? groupColor;
        if (Mode != ScatterMode.Markers && (color is not null || Width is not null || Dash != LineDash.Solid))
        {
            json.WriteStartObject("line");
            if (color is not null) json.WriteString("color", color);
            if (Width is { } w) json.WriteNumber("width", w);
            if (Dash != LineDash.Solid) json.WriteString("dash", Dash.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }
        if (Mode != ScatterMode.Lines && color is not null)
        {
            json.WriteStartObject("marker");
            json.WriteString("color", color);
            json.WriteEndObject();
        }
        if (Opacity != 1.0) json.WriteNumber("opacity", Opacity);
    }
}
