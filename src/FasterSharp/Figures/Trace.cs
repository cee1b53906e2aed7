using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>One data series of a <see cref="Figure"/>: a Plotly trace. Immutable.</summary>
public abstract class Trace
{
    /// <summary>Creates a trace.</summary>
    /// <param name="name">The legend entry; null for none.</param>
    private protected Trace(string? name) => Name = name;

    /// <summary>The legend entry (Plotly's <c>name</c>); null for none.</summary>
    public string? Name { get; }

    /// <summary>Whether the trace appears in the legend; null leaves Plotly's default (shown when named
    /// and the figure has more than one trace).</summary>
    public bool? ShowLegend { get; private protected init; }

    /// <summary>Plotly's trace type, e.g. <c>"scatter"</c> or <c>"bar"</c>.</summary>
    public abstract string PlotlyType { get; }

    /// <summary>The number of data points.</summary>
    public abstract int Count { get; }

    /// <summary>Which subplot axes the trace uses: 1 for <c>x</c>/<c>y</c>, 2 for <c>x2</c>/<c>y2</c>, ...</summary>
    internal int AxisIndex { get; private set; } = 1;

    /// <summary>A copy of this trace drawn on the axes of subplot <paramref name="axisIndex"/>.</summary>
    internal Trace OnAxes(int axisIndex)
    {
        var copy = (Trace)MemberwiseClone();
        copy.AxisIndex = axisIndex;
        return copy;
    }

    /// <summary>Whether the trace puts text categories (e.g. layer names) on the x axis, which the figure then
    /// makes a category axis.</summary>
    internal abstract bool CategoricalX { get; }

    /// <summary>Whether the trace puts text categories on the y axis.</summary>
    internal abstract bool CategoricalY { get; }

    /// <summary>The numbers the trace places along the x axis (none when its x values are categories).</summary>
    internal abstract IEnumerable<double> NumbersOnX { get; }

    /// <summary>The numbers the trace places along the y axis (none when its y values are categories).</summary>
    internal abstract IEnumerable<double> NumbersOnY { get; }

    /// <summary>Writes the trace as a Plotly JSON object.</summary>
    /// <param name="json">The writer.</param>
    /// <param name="legend">How the figure merges this trace's legend entry with others of the same name.</param>
    internal void WriteJson(Utf8JsonWriter json, LegendEntry legend)
    {
        json.WriteStartObject();
        json.WriteString("type", PlotlyType);
        if (Name is not null) json.WriteString("name", Name);
        if ((ShowLegend ?? legend.ShowLegend) is { } show) json.WriteBoolean("showlegend", show);
        if (legend.Group is not null) json.WriteString("legendgroup", legend.Group);
        WriteData(json, legend.Color);
        if (AxisIndex != 1)
        {
            json.WriteString("xaxis", $"x{AxisIndex}");
            json.WriteString("yaxis", $"y{AxisIndex}");
        }
        json.WriteEndObject();
    }

    /// <summary>Writes the type-specific properties (data arrays, style).</summary>
    /// <param name="json">The writer.</param>
    /// <param name="groupColor">The color to use when the trace has none of its own (that of the first trace of
    /// the same name); null for Plotly's color cycle.</param>
    private protected abstract void WriteData(Utf8JsonWriter json, string? groupColor);

    /// <summary>One line describing the trace, e.g. <c>scatter 'train' (120 points)</c>.</summary>
    public override string ToString() => $"{PlotlyType}{(Name is null ? "" : $" '{Name}'")} ({Count} points)";

    /// <summary>Copies values, checking that the collection is there.</summary>
    private protected static double[] ToArray(IEnumerable<double> values, string paramName) =>
        values is null ? throw new ArgumentNullException(paramName) : values.ToArray();
}
