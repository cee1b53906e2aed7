using System.Text.Json;
using FasterSharp.Figures;

namespace FasterSharp.Tests.Figures;

public class FigureJsonTests
{
    private static JsonElement Parse(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Two_lines_with_titles_and_log_axis_give_plotly_json()
    {
        var figure = Figure.Line([0, 1, 2], [3.5, 2.25, 1e-7], name: "train")
            .AddLine([0, 2], [4, 3], "valid")
            .WithTitle("Loss").WithXAxis("step").WithYAxis("loss", log: true);

        var root = Parse(figure);
        var data = root.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("scatter", data[0].GetProperty("type").GetString());
        Assert.Equal("lines", data[0].GetProperty("mode").GetString());
        Assert.Equal("train", data[0].GetProperty("name").GetString());
        Assert.Equal([0.0, 1, 2], Numbers(data[0].GetProperty("x")));
        Assert.Equal([3.5, 2.25, 1e-7], Numbers(data[0].GetProperty("y")));
        Assert.Equal("valid", data[1].GetProperty("name").GetString());
        Assert.Equal([4.0, 3], Numbers(data[1].GetProperty("y")));
        var layout = root.GetProperty("layout");
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("step", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("type", out _));
        Assert.Equal("loss", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Numbers_are_invariant_and_non_finite_values_become_null()
    {
        var json = Figure.Line([0.5, 1, 2, 3], [double.NaN, 1.25, double.PositiveInfinity, double.NegativeInfinity]).ToJson();

        Assert.Contains("\"x\":[0.5,1,2,3]", json);
        Assert.Contains("\"y\":[null,1.25,null,null]", json);
    }

    [Fact]
    public void Lengths_that_differ_are_rejected_naming_both_counts()
    {
        var ex = Assert.Throws<ArgumentException>(() => Figure.Line([1, 2, 3], [1, 2]));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
        Assert.Throws<ArgumentException>(() => Figure.Bar(["a", "b"], [1.0]));
        Assert.Throws<ArgumentNullException>(() => Figure.Bar(["a", null!], [1.0, 2.0]));
        Assert.Throws<ArgumentNullException>(() => Figure.Line(null!, [1.0]));
    }

    [Fact]
    public void Empty_traces_and_empty_figures_are_valid_json()
    {
        var root = Parse(Figure.Line([], []));
        Assert.Equal(0, root.GetProperty("data")[0].GetProperty("x").GetArrayLength());
        Assert.Equal(0, Parse(new Figure()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public void Line_of_y_only_uses_the_index_as_x()
    {
        var data = Parse(Figure.Line([5.0, 6, 7], "y")).GetProperty("data")[0];
        Assert.Equal([0.0, 1, 2], Numbers(data.GetProperty("x")));
    }

    [Fact]
    public void Bars_put_categories_on_x_or_on_y_when_horizontal()
    {
        var figure = Figure.Bar(["conv1", "conv2"], [0.5, 0.9], "sparsity").AddBar(["conv1", "conv2"], [0.1, 0.2], "other", horizontal: true);
        var data = Parse(figure).GetProperty("data");

        Assert.Equal("bar", data[0].GetProperty("type").GetString());
        Assert.Equal(["conv1", "conv2"], data[0].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0.5, 0.9], Numbers(data[0].GetProperty("y")));
        Assert.False(data[0].TryGetProperty("orientation", out _));
        Assert.Equal("h", data[1].GetProperty("orientation").GetString());
        Assert.Equal(["conv1", "conv2"], data[1].GetProperty("y").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0.1, 0.2], Numbers(data[1].GetProperty("x")));
    }

    [Fact]
    public void Scatter_modes_styles_and_legend_are_written()
    {
        var figure = Figure.Scatter([1.0], [2.0], "pts")
            .AddScatter([1.0], [2.0], "both", ScatterMode.LinesAndMarkers, color: "red")
            .AddLine([1.0], [2.0], "faint", color: "#123456", width: 1, dash: LineDash.DashDot, opacity: 0.3)
            .WithLegend(false).WithSize(640, 480);
        var root = Parse(figure);
        var data = root.GetProperty("data");

        Assert.Equal("markers", data[0].GetProperty("mode").GetString());
        Assert.Equal("lines+markers", data[1].GetProperty("mode").GetString());
        Assert.Equal("red", data[1].GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal("#123456", data[2].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(1, data[2].GetProperty("line").GetProperty("width").GetDouble());
        Assert.Equal("dashdot", data[2].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal(0.3, data[2].GetProperty("opacity").GetDouble());
        var layout = root.GetProperty("layout");
        Assert.False(layout.GetProperty("showlegend").GetBoolean());
        Assert.Equal(640, layout.GetProperty("width").GetInt32());
        Assert.Equal(480, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void Axis_ranges_are_data_units_on_linear_axes_and_exponents_on_log_axes()
    {
        var layout = Parse(Figure.Line([1.0, 2], [1.0, 2]).WithXAxis("x", min: -1, max: 3, tickFormat: ".0%").WithYAxis("y", log: true, min: 0.01, max: 1000))
            .GetProperty("layout");

        Assert.Equal([-1.0, 3], Numbers(layout.GetProperty("xaxis").GetProperty("range")));
        Assert.Equal(".0%", layout.GetProperty("xaxis").GetProperty("tickformat").GetString());
        var yRange = Numbers(layout.GetProperty("yaxis").GetProperty("range"));
        Assert.Equal(-2, yRange[0], 12);
        Assert.Equal(3, yRange[1], 12);
    }

    [Fact]
    public void Invalid_axes_and_sizes_are_rejected()
    {
        var figure = Figure.Line([1.0], [1.0]);
        Assert.Throws<ArgumentException>(() => figure.WithXAxis(min: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.WithXAxis(min: 2, max: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.WithYAxis(log: true, min: 0, max: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.WithXAxis(min: double.NaN, max: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.WithXAxis("x", panel: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.WithSize(width: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScatterTrace([1.0], [1.0], opacity: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScatterTrace([1.0], [1.0], width: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScatterTrace([1.0], [1.0], mode: (ScatterMode)42));
    }

    [Fact]
    public void Builder_methods_return_new_figures_and_leave_the_original_unchanged()
    {
        var original = Figure.Line([1.0], [1.0], "a");
        var changed = original.AddLine([2.0], [2.0], "b").WithTitle("t").WithYAxis("y", log: true);

        Assert.Single(original.Traces);
        Assert.Null(original.Title);
        Assert.False(original.YAxis.Log);
        Assert.Equal(2, changed.Traces.Count);
        Assert.Equal("t", changed.Title);
        Assert.True(changed.YAxis.Log);
    }

    [Fact]
    public void Grid_puts_each_panel_on_its_own_axes_with_titles()
    {
        var left = Figure.Line([1.0, 2], [3.0, 4], "loss").WithTitle("Loss").WithYAxis("loss", log: true);
        var right = Figure.Bar(["a", "b"], [1.0, 2]).AddBar(["a", "b"], [3.0, 4]).WithTitle("Sparsity").WithXAxis("layer");
        var grid = Figure.Grid(1, 2, left, right).WithTitle("Both");
        var root = Parse(grid);
        var data = root.GetProperty("data");
        var layout = root.GetProperty("layout");

        Assert.Equal(3, data.GetArrayLength());
        Assert.False(data[0].TryGetProperty("xaxis", out _));
        Assert.Equal("x2", data[1].GetProperty("xaxis").GetString());
        Assert.Equal("y2", data[2].GetProperty("yaxis").GetString());
        Assert.Equal(1, layout.GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("columns").GetInt32());
        Assert.Equal("independent", layout.GetProperty("grid").GetProperty("pattern").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("layer", layout.GetProperty("xaxis2").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Both", layout.GetProperty("title").GetProperty("text").GetString());
        var annotations = layout.GetProperty("annotations");
        Assert.Equal(["Loss", "Sparsity"], annotations.EnumerateArray().Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("x2 domain", annotations[1].GetProperty("xref").GetString());
        Assert.Equal(2, grid.PanelCount);
        Assert.Single(left.Traces);

        Assert.Throws<ArgumentException>(() => Figure.Grid(1, 1, left, right));
        Assert.Throws<ArgumentException>(() => Figure.Grid(2, 2, grid));
        Assert.Throws<ArgumentException>(() => Figure.Grid(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Figure.Grid(0, 1, left));
    }

    [Fact]
    public void Strings_are_escaped_for_html_and_read_back_unchanged()
    {
        const string hostile = "</script><script>alert('x')</script> & \"q\"";
        var figure = Figure.Line([1.0], [1.0], hostile).WithTitle(hostile);
        var json = figure.ToJson();

        Assert.DoesNotContain("<", json);
        Assert.Equal(hostile, Parse(figure).GetProperty("data")[0].GetProperty("name").GetString());
        var html = figure.ToHtml();
        Assert.Equal(1, CountOf(html, "</script>"));
        Assert.Equal(1, CountOf(html, "<script"));
    }

    [Fact]
    public void Html_draws_with_page_plotly_first_and_the_cdn_only_as_fallback()
    {
        var html = Figure.Line([1.0, 2], [3.0, 4]).ToHtml();
        var divId = System.Text.RegularExpressions.Regex.Match(html, "<div id=\"([^\"]+)\"").Groups[1].Value;

        Assert.StartsWith("fastersharp-plot-", divId);
        Assert.Contains($"document.getElementById('{divId}')", html);
        Assert.Contains("newPlot", html);
        Assert.Contains("\"x\":[1,2]", html);
        var usePagePlotly = html.IndexOf("if (window.Plotly) { draw(window.Plotly); return; }", StringComparison.Ordinal);
        var cdn = html.IndexOf($"script.src = '{FasterSharp.Display.PlotlyScript.CdnUrl}'", StringComparison.Ordinal);
        Assert.True(usePagePlotly >= 0 && cdn > usePagePlotly, "window.Plotly must be tried before the CDN");
        Assert.NotEqual(divId, System.Text.RegularExpressions.Regex.Match(Figure.Line([1.0, 2], [3.0, 4]).ToHtml(), "<div id=\"([^\"]+)\"").Groups[1].Value);
    }

    [Fact]
    public void Summary_names_title_traces_and_axes()
    {
        var text = Figure.Line([1.0, 2], [3.0, 4], "train").AddBar(["a"], [1.0]).WithTitle("Loss").WithYAxis("loss", log: true).ToString();

        Assert.Equal("Figure \"Loss\": 2 traces\n  scatter 'train' (2 points)\n  bar (1 points)\n  x: (untitled), y: loss (log)", text);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
