using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Figures;

/// <summary>A Plotly figure: traces (lines, scatters, bars) plus layout (title, axes, legend, size,
/// subplot grid). Immutable: every <c>Add…</c>/<c>With…</c> method returns a new figure.</summary>
/// <remarks>
/// <para>In a notebook a figure displays as <c>application/vnd.plotly.v1+json</c> (<see cref="ToJson"/>),
/// a self-drawing <c>text/html</c> fallback (<see cref="ToHtml"/>) and a <c>text/plain</c> summary.</para>
/// <example><code>
/// var fig = Figure.Line(steps, train, "train").AddLine(steps, valid, "valid")
///     .WithTitle("Loss").WithXAxis("step").WithYAxis("loss", log: true);
/// var layers = Figure.Bar(names, sparsities, "sparsity").WithXAxis("layer").WithYAxis("sparsity", tickFormat: ".0%");
/// </code></example>
/// <para>Axes that hold text categories (bar labels, or a line over layer names) are category axes; log axes get
/// ticks that read as plain numbers; see <see cref="Axis"/>. Traces that share a name share one legend entry:
/// the first keeps it, the later ones are hidden from the legend, join its legend group and take its color
/// unless they have their own (e.g. the same series drawn in several panels of a <see cref="Grid"/>).</para>
/// </remarks>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlotlyJson, MimeTypes.PlainText])]
public sealed class Figure : IRichDisplay
{
    private static long s_htmlCounter;

    private ImmutableArray<Trace> _traces = [];
    private ImmutableArray<Axis> _xAxes = [Axis.Default];
    private ImmutableArray<Axis> _yAxes = [Axis.Default];
    private ImmutableArray<string?> _panelTitles = [null];

    /// <summary>An empty figure: no traces, default layout.</summary>
    public Figure() { }

    /// <summary>The traces, in drawing (and legend) order.</summary>
    public IReadOnlyList<Trace> Traces => _traces;

    /// <summary>The figure title; null for none.</summary>
    public string? Title { get; private set; }

    /// <summary>The x axis of the first (or only) panel.</summary>
    public Axis XAxis => _xAxes[0];

    /// <summary>The y axis of the first (or only) panel.</summary>
    public Axis YAxis => _yAxes[0];

    /// <summary>Whether the legend is shown; null leaves Plotly's default (shown for more than one named trace).</summary>
    public bool? ShowLegend { get; private set; }

    /// <summary>Width in pixels; null fills the available width.</summary>
    public int? Width { get; private set; }

    /// <summary>Height in pixels; null for Plotly's default (450).</summary>
    public int? Height { get; private set; }

    /// <summary>Rows of the subplot grid (1 for a single plot).</summary>
    public int GridRows { get; private set; } = 1;

    /// <summary>Columns of the subplot grid (1 for a single plot).</summary>
    public int GridColumns { get; private set; } = 1;

    /// <summary>The number of panels (subplots); 1 unless built with <see cref="Grid"/>.</summary>
    public int PanelCount => _xAxes.Length;

    /// <summary>A figure with one line through the points (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{double}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)" path="/exception"/>
    [OverloadResolutionPriority(1)] // `[]` or null as x: the numeric overload, as before categories existed
    public static Figure Line(IEnumerable<double> x, IEnumerable<double> y, string? name = null) => new Figure().AddLine(x, y, name);

    /// <summary>A figure with one line through <paramref name="y"/> against its index 0, 1, 2, …</summary>
    /// <exception cref="ArgumentNullException"><paramref name="y"/> is null.</exception>
    public static Figure Line(IEnumerable<double> y, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        var ys = y.ToArray();
        return Line(Enumerable.Range(0, ys.Length).Select(i => (double)i), ys, name);
    }

    /// <summary>A figure with one set of markers at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{double}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)" path="/exception"/>
    [OverloadResolutionPriority(1)] // `[]` or null as x: the numeric overload, as before categories existed
    public static Figure Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null) => new Figure().AddScatter(x, y, name);

    /// <summary>A figure with one line through one value per category (e.g. per layer name), in the order given,
    /// on a category x axis.</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{string}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)" path="/exception"/>
    public static Figure Line(IEnumerable<string> categories, IEnumerable<double> y, string? name = null) =>
        new Figure().AddLine(categories, y, name);

    /// <summary>A figure with one marker per category (e.g. per layer name), in the order given, on a category x axis.</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{string}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)" path="/exception"/>
    public static Figure Scatter(IEnumerable<string> categories, IEnumerable<double> y, string? name = null) =>
        new Figure().AddScatter(categories, y, name);

    /// <summary>A bar chart with one bar per category.</summary>
    /// <inheritdoc cref="BarTrace(IEnumerable{string}, IEnumerable{double}, string?, string?, bool, bool?)" path="/exception"/>
    public static Figure Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null) =>
        new Figure().AddBar(categories, values, name);

    /// <summary>Adds a line trace.</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{double}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)"/>
    [OverloadResolutionPriority(1)] // `[]` or null as x: the numeric overload, as before categories existed
    public Figure AddLine(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? color = null, double? width = null,
        LineDash dash = LineDash.Solid, double opacity = 1.0) =>
        AddTrace(new ScatterTrace(x, y, name, ScatterMode.Lines, color, width, dash, opacity));

    /// <summary>Adds a trace of markers (or lines and markers).</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{double}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)"/>
    [OverloadResolutionPriority(1)] // `[]` or null as x: the numeric overload, as before categories existed
    public Figure AddScatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null, ScatterMode mode = ScatterMode.Markers,
        string? color = null) =>
        AddTrace(new ScatterTrace(x, y, name, mode, color));

    /// <summary>Adds a line through one value per category (e.g. per layer name); the x axis becomes a category axis.</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{string}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)"/>
    /// <exception cref="ArgumentException">Also: the x axis of the first panel is a log axis.</exception>
    public Figure AddLine(IEnumerable<string> categories, IEnumerable<double> y, string? name = null, string? color = null, double? width = null,
        LineDash dash = LineDash.Solid, double opacity = 1.0) =>
        AddTrace(new ScatterTrace(categories, y, name, ScatterMode.Lines, color, width, dash, opacity));

    /// <summary>Adds markers (or lines and markers) at one value per category; the x axis becomes a category axis.</summary>
    /// <inheritdoc cref="ScatterTrace(IEnumerable{string}, IEnumerable{double}, string?, ScatterMode, string?, double?, LineDash, double, bool?)"/>
    /// <exception cref="ArgumentException">Also: the x axis of the first panel is a log axis.</exception>
    public Figure AddScatter(IEnumerable<string> categories, IEnumerable<double> y, string? name = null, ScatterMode mode = ScatterMode.Markers,
        string? color = null) =>
        AddTrace(new ScatterTrace(categories, y, name, mode, color));

    /// <summary>Adds a bar trace; several bar traces are drawn side by side per category.</summary>
    /// <inheritdoc cref="BarTrace(IEnumerable{string}, IEnumerable{double}, string?, string?, bool, bool?)"/>
    public Figure AddBar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null, string? color = null,
        bool horizontal = false) =>
        AddTrace(new BarTrace(categories, values, name, color, horizontal));

    /// <summary>Adds any trace to the first panel.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is null.</exception>
    /// <exception cref="ArgumentException">The trace puts categories on an axis that is a log axis.</exception>
    public Figure AddTrace(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var copy = Copy();
        copy._traces = _traces.Add(trace.AxisIndex == 1 ? trace : trace.OnAxes(1));
        copy.CheckNoLogCategories(1, nameof(trace));
        return copy;
    }

    /// <summary>Sets the figure title (null removes it).</summary>
    public Figure WithTitle(string? title)
    {
        var copy = Copy();
        copy.Title = title;
        if (PanelCount == 1) copy._panelTitles = [title];
        return copy;
    }

    /// <summary>Sets the x axis of a panel.</summary>
    /// <param name="title">The axis title; null for none.</param>
    /// <param name="log">True for a log (base 10) scale.</param>
    /// <param name="min">Lower end of a fixed range (data units); with <paramref name="max"/>, or neither.</param>
    /// <param name="max">Upper end of a fixed range (data units).</param>
    /// <param name="tickFormat">A d3 tick format such as <c>".0%"</c>; null for automatic.</param>
    /// <param name="panel">The panel, from 1 (the only one unless built with <see cref="Grid"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="panel"/> is not in [1, <see cref="PanelCount"/>], or the range is invalid.</exception>
    /// <exception cref="ArgumentException">Only one end of the range is given, or <paramref name="log"/> is asked
    /// for an axis that holds categories.</exception>
    public Figure WithXAxis(string? title = null, bool log = false, double? min = null, double? max = null, string? tickFormat = null, int panel = 1)
    {
        CheckPanel(panel);
        var copy = Copy();
        copy._xAxes = _xAxes.SetItem(panel - 1, new Axis(title, log, min, max, tickFormat));
        copy.CheckNoLogCategories(panel, nameof(log));
        return copy;
    }

    /// <summary>Sets the y axis of a panel.</summary>
    /// <inheritdoc cref="WithXAxis" path="/param"/>
    /// <inheritdoc cref="WithXAxis" path="/exception"/>
    public Figure WithYAxis(string? title = null, bool log = false, double? min = null, double? max = null, string? tickFormat = null, int panel = 1)
    {
        CheckPanel(panel);
        var copy = Copy();
        copy._yAxes = _yAxes.SetItem(panel - 1, new Axis(title, log, min, max, tickFormat));
        copy.CheckNoLogCategories(panel, nameof(log));
        return copy;
    }

    /// <summary>Shows or hides the legend.</summary>
    public Figure WithLegend(bool show = true)
    {
        var copy = Copy();
        copy.ShowLegend = show;
        return copy;
    }

    /// <summary>Sets the size in pixels; null keeps the default for that dimension.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 10 or above 10,000 pixels.</exception>
    public Figure WithSize(int? width = null, int? height = null)
    {
        if (width is < 10 or > 10_000) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be in [10, 10000] pixels");
        if (height is < 10 or > 10_000) throw new ArgumentOutOfRangeException(nameof(height), height, "height must be in [10, 10000] pixels");
        var copy = Copy();
        copy.Width = width;
        copy.Height = height;
        return copy;
    }

    /// <summary>Puts single-panel figures side by side in a grid of subplots, row by row. Each panel keeps
    /// its traces, axes and title (shown above it); the grid has no overall title until <see cref="WithTitle"/>.</summary>
    /// <param name="rows">Rows of the grid, ≥ 1.</param>
    /// <param name="columns">Columns of the grid, ≥ 1.</param>
    /// <param name="panels">At most <paramref name="rows"/>·<paramref name="columns"/> single-panel figures, at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="panels"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is below 1.</exception>
    /// <exception cref="ArgumentException">There are no panels, more than the grid holds, or a panel is itself a grid.</exception>
    public static Figure Grid(int rows, int columns, params Figure[] panels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Length == 0) throw new ArgumentException("panels is empty; a grid needs at least one figure", nameof(panels));
        if (panels.Length > rows * columns)
            throw new ArgumentException($"{panels.Length} panels do not fit a {rows}×{columns} grid", nameof(panels));
        var traces = ImmutableArray.CreateBuilder<Trace>();
        for (var i = 0; i < panels.Length; i++)
        {
            if (panels[i] is null) throw new ArgumentNullException(nameof(panels), $"panel {i} is null");
            if (panels[i].PanelCount != 1) throw new ArgumentException($"panel {i} is itself a grid; grids cannot be nested", nameof(panels));
            traces.AddRange(panels[i]._traces.Select(t => t.OnAxes(i + 1)));
        }
        return new Figure
        {
            _traces = traces.ToImmutable(),
            _xAxes = [.. panels.Select(p => p.XAxis)],
            _yAxes = [.. panels.Select(p => p.YAxis)],
            _panelTitles = [.. panels.Select(p => p.Title)],
            GridRows = rows,
            GridColumns = columns,
        };
    }

    /// <summary>The figure as Plotly's JSON, <c>{"data": [traces], "layout": {...}}</c>: numbers in invariant
    /// form, NaN and infinities as null, and &lt; &gt; &amp; escaped inside strings so the text can be
    /// embedded in HTML scripts.</summary>
    /// <param name="indented">Pretty-print. Default false.</param>
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            var legend = LegendEntries();
            for (var i = 0; i < _traces.Length; i++) _traces[i].WriteJson(json, legend[i]);
            json.WriteEndArray();
            WriteLayout(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>An HTML fragment that draws the figure: a <c>div</c> plus a script calling
    /// <c>Plotly.newPlot</c>. It uses the page's <c>window.Plotly</c> when there is one (the exported
    /// notebook HTML inlines plotly.js, see <see cref="PlotlyScript"/>), else loads plotly.js
    /// <see cref="PlotlyScript.Version"/> from <see cref="PlotlyScript.CdnUrl"/> (through require.js when the page has it).</summary>
    public string ToHtml()
    {
        var json = ToJson();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12];
        var id = $"fastersharp-plot-{hash}-{Interlocked.Increment(ref s_htmlCounter).ToString(CultureInfo.InvariantCulture)}";
        var width = Width is { } w ? $"{w.ToString(CultureInfo.InvariantCulture)}px" : "100%";
        var height = (Height ?? 450).ToString(CultureInfo.InvariantCulture);
        var cdn = PlotlyScript.CdnUrl;
        var requirePath = cdn[..^".js".Length];
        return $$"""
            <div id="{{id}}" class="fastersharp-plot" style="width:{{width}};height:{{height}}px;"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{json}};
              function draw(plotly) {
                plotly.newPlot(document.getElementById('{{id}}'), figure.data, figure.layout, { responsive: true });
              }
              function fail() {
                document.getElementById('{{id}}').textContent = 'plotly.js could not be loaded ({{cdn}}); the figure is in the application/vnd.plotly.v1+json output.';
              }
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof window.require === 'function' && typeof window.require.config === 'function') {
                window.require.config({ paths: { plotly: '{{requirePath}}' } });
                window.require(['plotly'], draw, fail);
                return;
              }
              if (!window.fasterSharpPlotlyLoading) {
                window.fasterSharpPlotlyLoading = new Promise(function (resolve, reject) {
                  var script = document.createElement('script');
                  script.src = '{{cdn}}';
                  script.onload = function () { resolve(window.Plotly); };
                  script.onerror = reject;
                  document.head.appendChild(script);
                });
              }
              window.fasterSharpPlotlyLoading.then(draw, fail);
            })();
            </script>
            """;
    }

    /// <summary>A summary: title, traces, axes, e.g. <c>Figure "Loss": 2 traces …</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Title is null ? "Figure" : $"Figure \"{Title}\"");
        text.Append(": ").Append(_traces.Length).Append(_traces.Length == 1 ? " trace" : " traces");
        if (PanelCount > 1) text.Append($" in {PanelCount} panels ({GridRows}×{GridColumns} grid)");
        foreach (var trace in _traces) text.Append("\n  ").Append(trace);
        for (var p = 0; p < PanelCount; p++)
            text.Append(PanelCount > 1 ? $"\n  panel {p + 1}: " : "\n  ").Append($"x: {_xAxes[p]}, y: {_yAxes[p]}");
        return text.ToString();
    }

    private void WriteLayout(Utf8JsonWriter json)
    {
        json.WriteStartObject("layout");
        PlotlyJson.WriteTitle(json, Title);
        for (var p = 0; p < PanelCount; p++)
        {
            var suffix = p == 0 ? "" : (p + 1).ToString(CultureInfo.InvariantCulture);
            var onPanel = _traces.Where(t => t.AxisIndex == p + 1).ToList();
            _xAxes[p].WriteJson(json, "xaxis" + suffix, onPanel.Any(t => t.CategoricalX), onPanel.SelectMany(t => t.NumbersOnX));
            _yAxes[p].WriteJson(json, "yaxis" + suffix, onPanel.Any(t => t.CategoricalY), onPanel.SelectMany(t => t.NumbersOnY));
        }
        if (PanelCount > 1)
        {
            json.WriteStartObject("grid");
            json.WriteNumber("rows", GridRows);
            json.WriteNumber("columns", GridColumns);
            json.WriteString("pattern", "independent");
            json.WriteEndObject();
            json.WriteStartArray("annotations");
            for (var p = 0; p < PanelCount; p++)
            {
                if (_panelTitles[p] is not { } panelTitle) continue;
                var suffix = p == 0 ? "" : (p + 1).ToString(CultureInfo.InvariantCulture);
                json.WriteStartObject();
                json.WriteString("text", panelTitle);
                json.WriteString("xref", $"x{suffix} domain");
                json.WriteString("yref", $"y{suffix} domain");
                json.WriteNumber("x", 0.5);
                json.WriteNumber("y", 1.0);
                json.WriteString("xanchor", "center");
                json.WriteString("yanchor", "bottom");
                json.WriteBoolean("showarrow", false);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (ShowLegend is { } show) json.WriteBoolean("showlegend", show);
        if (Width is { } w) json.WriteNumber("width", w);
        if (Height is { } h) json.WriteNumber("height", h);
        json.WriteEndObject();
    }

    /// <summary>Plotly's default colors, in the order it gives them to traces without one (trace i gets color
    /// i mod 10 when every trace is visible, as ours are).</summary>
    private static readonly string[] s_plotlyColorway =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>One legend entry per name: traces whose name no other trace shares are written as they are; of
    /// those that share one, the first keeps its legend entry and the later ones are hidden from the legend, and
    /// all join one legend group and take the first one's color (its own, or the one Plotly would give it).</summary>
    private LegendEntry[] LegendEntries()
    {
        var entries = new LegendEntry[_traces.Length];
        var counts = _traces.Where(t => t.Name is not null).GroupBy(t => t.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _traces.Length; i++)
        {
            if (_traces[i].Name is not { } name || counts[name] == 1) continue;
            if (!first.TryGetValue(name, out var f))
            {
                first[name] = i;
                entries[i] = new LegendEntry(null, name, null);
                continue;
            }
            var color = ColorOf(_traces[f]) ?? s_plotlyColorway[f % s_plotlyColorway.Length];
            entries[i] = new LegendEntry(false, name, color);
        }
        return entries;
    }

    private static string? ColorOf(Trace trace) => trace switch
    {
        ScatterTrace s => s.Color,
        BarTrace b => b.Color,
        _ => null,
    };

    /// <summary>A log axis cannot hold categories: Plotly would drop one or the other.</summary>
    private void CheckNoLogCategories(int panel, string paramName)
    {
        var onPanel = _traces.Where(t => t.AxisIndex == panel).ToList();
        if (_xAxes[panel - 1].Log && onPanel.Any(t => t.CategoricalX))
            throw new ArgumentException($"the x axis of panel {panel} is a log axis but a trace puts text categories on it; use a linear x axis for categories", paramName);
        if (_yAxes[panel - 1].Log && onPanel.Any(t => t.CategoricalY))
            throw new ArgumentException($"the y axis of panel {panel} is a log axis but a trace puts text categories on it (horizontal bars); use a linear y axis for categories", paramName);
    }

    private void CheckPanel(int panel)
    {
        if (panel < 1 || panel > PanelCount)
            throw new ArgumentOutOfRangeException(nameof(panel), panel, $"panel must be in [1, {PanelCount}]");
    }

    private Figure Copy() => (Figure)MemberwiseClone();
}
