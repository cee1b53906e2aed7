using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public class DisplayFormatterTests
{
    [Fact]
    public void A_type_with_the_convention_attribute_gets_every_mime_type_its_formatters_give()
    {
        var bundle = DisplayFormatter.Format(new Score("accuracy", 0.5));

        Assert.Equal(new[] { "text/html", "text/plain", "application/vnd.plotly.v1+json" }, bundle.Select(entry => entry.Key));
        Assert.Equal("<table><tr><td>accuracy</td><td>0.5</td></tr></table>", TestNotebook.Text(bundle["text/html"]));
        Assert.Equal("accuracy: 0.5", TestNotebook.Text(bundle["text/plain"]));
        var figure = Assert.IsType<JsonObject>(bundle["application/vnd.plotly.v1+json"]);
        Assert.Equal("bar", figure["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(0.5, figure["data"]![0]!["y"]![0]!.GetValue<double>());
    }

    [Fact]
    public void A_derived_type_uses_the_formatters_declared_on_its_base_type()
    {
        var bundle = DisplayFormatter.Format(new BestScore("loss", 0.25));

        Assert.Equal("loss: 0.25", TestNotebook.Text(bundle["text/plain"]));
        Assert.True(bundle.ContainsKey("text/html"));
    }

    [Fact]
    public void Formatters_that_decline_or_format_another_type_are_skipped_and_plain_text_falls_back_to_ToString()
    {
        var bundle = DisplayFormatter.Format(new Shy());

        Assert.Equal(new[] { "text/plain" }, bundle.Select(entry => entry.Key));
        Assert.Equal("shy as text", TestNotebook.Text(bundle["text/plain"]));
    }

    [Theory]
    [InlineData("a string\nwith two lines", "a string\nwith two lines")]
    [InlineData(42, "42")]
    [InlineData(null, "<null>")]
    public void Objects_without_the_attribute_display_as_plain_text(object? value, string expected)
    {
        var bundle = DisplayFormatter.Format(value);

        Assert.Equal(new[] { "text/plain" }, bundle.Select(entry => entry.Key));
        Assert.Equal(expected, TestNotebook.Text(bundle["text/plain"]));
    }

    [Fact]
    public void Multiline_text_is_stored_as_a_list_of_lines_keeping_newlines()
    {
        var lines = DisplayFormatter.Format("one\ntwo\n")["text/plain"]!.AsArray().Select(line => line!.GetValue<string>());

        Assert.Equal(new[] { "one\n", "two\n" }, lines);
    }

    [Fact]
    public void Collections_without_their_own_ToString_list_their_items()
    {
        Assert.Equal("[a, b]", TestNotebook.Text(DisplayFormatter.Format(new List<string> { "a", "b" })["text/plain"]));
        Assert.EndsWith(", 99, ...]", TestNotebook.Text(DisplayFormatter.Format(Enumerable.Range(0, 500).ToArray())["text/plain"]));
    }

    [Fact]
    public void Display_in_a_cell_renders_through_the_convention()
    {
        using var notebook = new TestNotebook()
            .Code($"#r \"{typeof(Score).Assembly.Location}\"")
            .Code("var score = Activator.CreateInstance(Type.GetType(\"NotebookRunner.Tests.Score, NotebookRunner.Tests\")!, \"top-1\", 0.75)!;\ndisplay(score);\nscore");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var outputs = notebook.Outputs(2);
        Assert.Equal(new[] { "display_data", "execute_result" }, outputs.Select(output => output!["output_type"]!.GetValue<string>()));
        foreach (var output in outputs)
        {
            Assert.Equal("top-1: 0.75", TestNotebook.Text(output!["data"]!["text/plain"]));
            Assert.Contains("<td>top-1</td>", TestNotebook.Text(output["data"]!["text/html"]));
            Assert.IsType<JsonObject>(output["data"]!["application/vnd.plotly.v1+json"]);
        }
    }
}
