using System.Globalization;
using System.Text.Json;
using FasterSharp.Figures;

namespace FasterSharp.Tests.Figures;

/// <summary>Plots that read right: layer names on category axes, log ticks that are plain numbers, and one legend
/// entry per name.</summary>
public class FigureReadabilityTests
{
    private static JsonElement Parse(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static string[] Texts(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Bar_labels_that_look_like_numbers_go_on_a_category_axis()
    {
        // A Sequential's layers are named "0", "4", "8": on an automatic axis Plotly placed them as numbers (ticks −2…10).
        var layout = Parse(Figure.Bar(["0", "4", "8"], [0.5, 0.5, 0.5], "sparsity").WithXAxis("layer")).GetProperty("layout");
        Assert.Equal("category", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.False(layout.GetProperty("yaxis").TryGetProperty("type", out _));

        var horizontal = Parse(new Figure().AddBar(["0", "4"], [1.0, 2], horizontal: true)).GetProperty("layout");
        Assert.Equal("category", horizontal.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.False(horizontal.GetProperty("xaxis").TryGetProperty("type", out _));
    }

    [Fact]
    public void Lines_and_markers_over_layer_names_write_the_names_on_a_category_axis()
    {
        var figure = Figure.Line(["conv1", "0", "fc"], [0.1, 0.2, 0.3], "kept").AddScatter(["conv1", "0", "fc"], [0.3, 0.2, 0.1], "pruned");
        var root = Parse(figure);
        var data = root.GetProperty("data");

        Assert.Equal(["conv1", "0", "fc"], Texts(data[0].GetProperty("x")));
        Assert.Equal([0.1, 0.2, 0.3], Numbers(data[0].GetProperty("y")));
        Assert.Equal("lines", data[0].GetProperty("mode").GetString());
        Assert.Equal("markers", data[1].GetProperty("mode").GetString());
        Assert.Equal("category", root.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
        var trace = (ScatterTrace)figure.Traces[0];
        Assert.Equal(["conv1", "0", "fc"], trace.Categories!);
        Assert.Equal([0.0, 1, 2], trace.X);
        Assert.Null(((ScatterTrace)Figure.Line([1.0], [1.0]).Traces[0]).Categories);

        Assert.Throws<ArgumentNullException>(() => Figure.Line(["a", null!], [1.0, 2]));
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Figure.Scatter(["a", "b"], [1.0])).ParamName);
    }

    [Fact]
    public void A_log_axis_holding_categories_is_refused_whichever_comes_first()
    {
        Assert.Throws<ArgumentException>(() => Figure.Bar(["a", "b"], [1.0, 2]).WithXAxis("layer", log: true));
        Assert.Throws<ArgumentException>(() => new Figure().WithXAxis(log: true).AddLine(["a"], [1.0]));
        Assert.Throws<ArgumentException>(() => new Figure().AddBar(["a"], [1.0], horizontal: true).WithYAxis(log: true));
        // Values on a log axis beside categories are fine.
        Assert.Equal("log", Parse(Figure.Bar(["a", "b"], [1.0, 200]).WithYAxis(log: true)).GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(7.9, 80.0)]       // the walkthrough's latency axis: Plotly's own ticks read "7 8 9 10 2 3 4 5"
    [InlineData(0.21, 2.3)]       // a loss curve
    [InlineData(7.0, 30.0)]
    [InlineData(42.0, 43.0)]      // too narrow for 1-2-5 ticks
    [InlineData(1e-3, 1e4)]
    [InlineData(3e5, 8e7)]        // MACs
    [InlineData(1e-30, 1e30)]
    [InlineData(5.0, 5.0)]        // a single value
    public void Log_axis_ticks_are_plain_numbers_covering_the_data(double low, double high)
    {
        var axis = Parse(Figure.Line([low, high], [1.0, 2]).WithXAxis("latency", log: true)).GetProperty("layout").GetProperty("xaxis");
        var values = Numbers(axis.GetProperty("tickvals"));
        var texts = Texts(axis.GetProperty("ticktext"));

        Assert.Equal("log", axis.GetProperty("type").GetString());
        Assert.Equal(values.Length, texts.Length);
        Assert.Equal(values.Order(), values);
        Assert.All(values, v => Assert.True(v > 0));
        var span = high > low ? (low, high) : (low / 2, high * 2);
        var inside = values.Count(v => v >= span.Item1 && v <= span.Item2);
        Assert.InRange(inside, 3, 12);
        Assert.True(values[0] <= span.Item1 && values[^1] >= span.Item2, "the ticks reach past both ends of the data");
        for (var i = 0; i < values.Length; i++)
            Assert.Equal(values[i], ParseLabel(texts[i]), values[i] * 1e-9);
    }

    [Fact]
    public void Log_ticks_over_one_decade_are_one_two_five_or_denser_and_read_in_full()
    {
        var axis = Parse(Figure.Scatter([7.9, 24, 80], [1.0, 2, 3]).WithXAxis(log: true)).GetProperty("layout").GetProperty("xaxis");
        Assert.Equal(["5", "10", "20", "30", "50", "100"], Texts(axis.GetProperty("ticktext")));

        var fixedRange = Parse(Figure.Line([1.0, 2], [1.0, 2]).WithYAxis(log: true, min: 0.01, max: 1000)).GetProperty("layout").GetProperty("yaxis");
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10", "100", "1,000", "10,000"], Texts(fixedRange.GetProperty("ticktext")));
    }

    [Fact]
    public void A_log_axis_with_a_tick_format_gets_tick_values_and_lets_plotly_format_them()
    {
        var axis = Parse(Figure.Line([1.0, 2], [0.01, 0.5]).WithYAxis(log: true, tickFormat: ".0%")).GetProperty("layout").GetProperty("yaxis");
        Assert.Equal(".0%", axis.GetProperty("tickformat").GetString());
        Assert.True(axis.GetProperty("tickvals").GetArrayLength() >= 3);
        Assert.False(axis.TryGetProperty("ticktext", out _));
    }

    [Fact]
    public void A_log_axis_without_positive_data_keeps_plotlys_ticks_and_linear_axes_get_none()
    {
        var layout = Parse(Figure.Line([1.0, 2], [-1.0, double.NaN]).WithYAxis(log: true)).GetProperty("layout");
        Assert.False(layout.GetProperty("yaxis").TryGetProperty("tickvals", out _));
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("tickvals", out _));
    }

    [Fact]
    public void Traces_sharing_a_name_share_one_legend_entry_group_and_color()
    {
        Figure Panel(string title) => Figure.Line([1.0, 2], [3.0, 4], "factorized").AddLine([1.0, 2], [5.0, 5], "original", dash: LineDash.Dash).WithTitle(title);
        var data = Parse(Figure.Grid(1, 2, Panel("accuracy"), Panel("parameters"))).GetProperty("data");

        Assert.False(data[0].TryGetProperty("showlegend", out _));
        Assert.False(data[1].TryGetProperty("showlegend", out _));
        Assert.False(data[2].GetProperty("showlegend").GetBoolean());
        Assert.False(data[3].GetProperty("showlegend").GetBoolean());
        Assert.Equal(["factorized", "original", "factorized", "original"], data.EnumerateArray().Select(t => t.GetProperty("legendgroup").GetString()));
        // Plotly colors trace i with its i-th default color: the hidden twins take their first's.
        Assert.False(data[0].TryGetProperty("line", out _));
        Assert.Equal("#1f77b4", data[2].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("#ff7f0e", data[3].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("dash", data[3].GetProperty("line").GetProperty("dash").GetString());
    }

    [Fact]
    public void A_shared_name_keeps_explicit_colors_and_legend_settings_and_unique_names_are_unchanged()
    {
        var figure = Figure.Bar(["a"], [1.0], "seed").AddTrace(new BarTrace(["b"], [2.0], "seed", color: "red"))
            .AddTrace(new BarTrace(["c"], [3.0], "seed", showLegend: true)).AddBar(["d"], [4.0], "other");
        var data = Parse(figure).GetProperty("data");

        Assert.Equal("red", data[1].GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal("#1f77b4", data[2].GetProperty("marker").GetProperty("color").GetString());
        Assert.True(data[2].GetProperty("showlegend").GetBoolean());
        Assert.False(data[3].TryGetProperty("legendgroup", out _));
        Assert.False(data[3].TryGetProperty("showlegend", out _));

        var colored = Parse(Figure.Line([1.0], [1.0], "x").AddLine([1.0], [1.0], "x", color: "#000000").AddLine([2.0], [2.0], "y")
            .AddTrace(new ScatterTrace([1.0], [1.0], "x", ScatterMode.Markers))).GetProperty("data");
        Assert.Equal("#000000", colored[1].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("#1f77b4", colored[3].GetProperty("marker").GetProperty("color").GetString());
    }

    private static double ParseLabel(string text)
    {
        var inv = CultureInfo.InvariantCulture;
        var scale = text[^1] switch { 'M' => 1e6, 'G' => 1e9, 'T' => 1e12, _ => 1.0 };
        var digits = scale == 1.0 ? text : text[..^1];
        return double.Parse(digits.Replace(",", ""), NumberStyles.Float, inv) * scale;
    }
}
