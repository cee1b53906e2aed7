using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>Rich values go through .NET Interactive's own formatter, which honours the name-matched
/// <c>TypeFormatterSourceAttribute</c> convention FasterSharp's types use (a library's own copy of the
/// attribute, no package reference).</summary>
public class KernelFormattingTests
{
    private static readonly string Create =
        $"#r \"{typeof(Score).Assembly.Location}\"\n" +
        "object Create(string type, string name, double value) => Activator.CreateInstance(Type.GetType($\"NotebookRunner.Tests.{type}, NotebookRunner.Tests\")!, name, value)!;";

    [Fact]
    public void Display_and_a_trailing_expression_carry_every_mime_type_of_the_convention_formatters_in_the_preferred_order()
    {
        using var notebook = new TestNotebook()
            .Code(Create)
            .Code("var score = Create(\"Score\", \"top-1\", 0.75);\ndisplay(score);\nscore");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var outputs = notebook.Outputs(2);
        Assert.Equal(new[] { "display_data", "execute_result" }, outputs.Select(output => output!["output_type"]!.GetValue<string>()));
        foreach (var output in outputs)
        {
            var data = output!["data"]!.AsObject();
            Assert.Equal(new[] { "text/html", "text/plain" }, data.Select(entry => entry.Key)); // PreferredMimeTypes
            Assert.Equal("<table><tr><td>top-1</td><td>0.75</td></tr></table>", TestNotebook.Text(data["text/html"]));
            Assert.Equal("top-1: 0.75", TestNotebook.Text(data["text/plain"]));
        }
    }

    [Fact]
    public void A_plotly_figure_is_stored_as_a_json_object_and_a_derived_type_uses_its_base_types_formatters()
    {
        using var notebook = new TestNotebook()
            .Code(Create)
            .Code("display(Create(\"BestScore\", \"loss\", 0.25), \"application/vnd.plotly.v1+json\", \"text/plain\");");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var data = Assert.Single(notebook.Outputs(2))!["data"]!;
        var figure = Assert.IsType<JsonObject>(data["application/vnd.plotly.v1+json"]);
        Assert.Equal("bar", figure["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(0.25, figure["data"]![0]!["y"]![0]!.GetValue<double>());
        Assert.Equal("loss: 0.25", TestNotebook.Text(data["text/plain"]));
    }

    [Fact]
    public void An_updated_display_replaces_its_output_in_place_even_from_a_later_cell()
    {
        using var notebook = new TestNotebook()
            .Code("using Microsoft.DotNet.Interactive;\nvar table = KernelInvocationContext.Current.Display((object)\"epoch 1\", \"text/plain\");")
            .Code("table.Update(\"epoch 2\");\ntable.Update(\"epoch 3\");");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        Assert.Equal("epoch 3", TestNotebook.Text(Assert.Single(notebook.Outputs(1))!["data"]!["text/plain"]));
        Assert.Empty(notebook.Outputs(2));
    }
}
