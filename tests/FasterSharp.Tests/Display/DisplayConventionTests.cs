using System.Text.Json;
using FasterSharp.Display;
using FasterSharp.Figures;
using FasterSharp.Learning;
using FasterSharp.Tests.Learning;
using TorchSharp;

namespace FasterSharp.Tests.Display;

public class DisplayConventionTests
{
    [Fact]
    public void Figure_displays_as_html_plotly_json_and_text_found_by_reflection()
    {
        var figure = Figure.Line([0.0, 1, 2], [1.0, 0.5, 0.25], "train").WithTitle("Loss");

        var bundle = ConventionFormatting.Bundle(figure);

        Assert.Equal([MimeTypes.Html, MimeTypes.PlotlyJson, MimeTypes.PlainText], bundle.Keys);
        var json = JsonDocument.Parse(bundle[MimeTypes.PlotlyJson]).RootElement;
        Assert.Equal("scatter", json.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal("Loss", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("newPlot", bundle[MimeTypes.Html]);
        Assert.Contains("<div id=\"fastersharp-plot-", bundle[MimeTypes.Html]);
        Assert.Equal(figure.ToString(), bundle[MimeTypes.PlainText]);
        Assert.StartsWith("Figure \"Loss\": 1 trace", bundle[MimeTypes.PlainText]);
    }

    [Fact]
    public void Formatters_decline_values_of_other_types()
    {
        var formatters = ConventionFormatting.Formatters(typeof(Figure));

        Assert.All(formatters, f => Assert.Equal(typeof(Figure), f.Type));
        using var writer = new StringWriter();
        Assert.All(formatters, f => Assert.False(f.Format("not a figure", writer)));
        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void Recorder_displays_its_epoch_table_as_html_and_text_with_names_escaped()
    {
        var hostile = FasterSharp.Metrics.Metric.FromFunction("<script>alert('x')</script>", (p, y) => p.argmax(1).eq(y).to_type(torch.ScalarType.Float32).mean());
        var learn = LearnerFixtures.Small(train: 128, valid: 64, metrics: [hostile]);
        learn.Fit(2, 1e-3);

        var bundle = ConventionFormatting.Bundle(learn.Recorder);

        Assert.Equal([MimeTypes.Html, MimeTypes.PlainText], bundle.Keys);
        var html = bundle[MimeTypes.Html];
        Assert.StartsWith("<table", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<th>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</th>", html);
        Assert.Equal(1 + 2, html.Split("<tr>").Length - 1);
        var first = learn.Recorder.Epochs[0];
        Assert.Contains($"<td>0</td><td>{first.TrainLoss:F6}</td><td>{first.ValidLoss:F6}</td>", html);
        Assert.Equal(learn.Recorder.ToString(), bundle[MimeTypes.PlainText]);
        Assert.StartsWith("epoch", bundle[MimeTypes.PlainText]);
    }

    [Fact]
    public void Any_rich_display_type_gets_both_mimes_from_one_source()
    {
        var formatters = ConventionFormatting.Formatters(typeof(SampleReport));
        var report = new SampleReport();

        string Render(string mime)
        {
            using var writer = new StringWriter();
            Assert.True(Assert.Single(formatters, f => f.MimeType == mime).Format(report, writer));
            return writer.ToString();
        }

        Assert.Equal("<table class=\"fastersharp-table\"><thead><tr><th>layer</th><th>sparsity</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td>50%</td></tr></tbody></table>",
            Render(MimeTypes.Html));
        Assert.Equal("layer <b>: 50%", Render(MimeTypes.PlainText));
    }

    [Fact]
    public void Html_table_escapes_and_checks_row_widths()
    {
        var html = HtmlTable.Render(["a&b", "\"c\""], [["<i>", null], ["x", "y"]], caption: "<cap>");

        Assert.Equal("<table class=\"fastersharp-table\"><caption>&lt;cap&gt;</caption><thead><tr><th>a&amp;b</th><th>&quot;c&quot;</th></tr></thead>"
            + "<tbody><tr><td>&lt;i&gt;</td><td></td></tr><tr><td>x</td><td>y</td></tr></tbody></table>", html);
        var ex = Assert.Throws<ArgumentException>(() => HtmlTable.Render(["a", "b"], [["1"]]));
        Assert.Equal("rows", ex.ParamName);
        Assert.Contains("row 0 has 1 cells but there are 2 headers", ex.Message);
        Assert.Throws<ArgumentException>(() => HtmlTable.Render([], []));
        Assert.Throws<ArgumentNullException>(() => HtmlTable.Render(null!, []));
    }

    [Fact]
    public void Display_formatter_rejects_a_non_mime_type()
    {
        Assert.Throws<ArgumentException>(() => new DisplayFormatter(typeof(Figure), "html", _ => ""));
        Assert.Throws<ArgumentNullException>(() => new DisplayFormatter(null!, "text/html", _ => ""));
    }
}

/// <summary>A result type built the way later ones (SparsityReport, model statistics) will be.</summary>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(RichDisplayFormatterSource<SampleReport>),
    PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
internal sealed class SampleReport : IRichDisplay
{
    public string ToHtml() => HtmlTable.Render(["layer", "sparsity"], [["<b>", "50%"]]);

    public override string ToString() => "layer <b>: 50%";
}
