using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>The runner runs C# notebooks only: a notebook for another kernel would otherwise get its code compiled as
/// C#, the errors saved into it and its kernelspec rewritten to C#.</summary>
public class NotebookLanguageTests
{
    [Theory]
    [InlineData("""{"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}""", "its kernelspec is 'python3' (language 'python')")]
    [InlineData("""{"kernelspec": {"name": "ir", "display_name": "R"}}""", "its kernelspec is 'ir' (language 'not given')")]
    [InlineData("""{"kernelspec": {"name": ".net-fsharp", "display_name": ".NET (F#)", "language": "F#"}}""", "its kernelspec is '.net-fsharp' (language 'F#')")]
    [InlineData("""{"kernelspec": "python3"}""", "its 'kernelspec' is a JSON string, not an object")]
    [InlineData("""{"language_info": {"name": "python", "version": "3.11"}}""", "its language_info names the language 'python'")]
    [InlineData("""{"kernelspec": {"name": ".net-csharp", "language": "C#"}, "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp"}}}""", "its Polyglot Notebooks default kernel is 'fsharp'")]
    public void A_notebook_for_another_kernel_is_refused_left_byte_identical_and_the_next_notebook_still_runs(string metadata, string problem)
    {
        using var other = new TestNotebook("other.ipynb").Code("print('hello')");
        using var next = new TestNotebook("next.ipynb").Code("\"ran\"");
        var path = other.Write(JsonNode.Parse(metadata)!.AsObject());
        var before = File.ReadAllBytes(path);
        var log = new StringWriter();

        Assert.Equal(RunnerCommand.NotebookFailed, RunnerCommand.Run([path, next.Write()], log));

        Assert.Contains($"Notebook '{path}' is not a C# notebook: {problem}. The runner runs C# notebooks only", log.ToString());
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("ran", TestNotebook.Text(next.Outputs(1)[0]!["data"]!["text/plain"]));
    }

    [Theory]
    [InlineData("dotnet_interactive", "language", "pwsh")]
    [InlineData("polyglot_notebook", "kernelName", "fsharp")]
    public void A_csharp_notebook_with_a_cell_for_another_dotnet_kernel_is_refused_naming_the_cell(string section, string field, string kernel)
    {
        using var notebook = new TestNotebook().Markdown("text").Code("1").Code("Get-ChildItem");
        notebook.Write();
        var root = notebook.Read();
        root["metadata"] = JsonNode.Parse("""{"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}}""");
        root["cells"]![2]!["metadata"] = new JsonObject { [section] = new JsonObject { [field] = kernel } };
        File.WriteAllText(notebook.Path, root.ToJsonString());
        var before = File.ReadAllBytes(notebook.Path);
        var log = new StringWriter();

        Assert.Equal(RunnerCommand.NotebookFailed, RunnerCommand.Run([notebook.Path], log));

        Assert.Contains($"is not a C# notebook: its cell 3 is for the '{kernel}' kernel", log.ToString());
        Assert.Equal(before, File.ReadAllBytes(notebook.Path));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"kernelspec": null}""")]
    [InlineData("""{"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}, "language_info": {"name": "polyglot-notebook"}}""")]
    [InlineData("""{"kernelspec": {"name": "csharp", "display_name": "C#", "language": "csharp"}, "language_info": {"name": "csharp"}}""")]
    [InlineData("""{"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)"}}""")]
    public void A_notebook_naming_csharp_or_no_kernel_runs_and_gets_the_csharp_kernelspec(string metadata)
    {
        using var notebook = new TestNotebook().Code("\"ran\"");
        notebook.Write(JsonNode.Parse(metadata)!.AsObject());

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        Assert.Equal("ran", TestNotebook.Text(notebook.Outputs(1)[0]!["data"]!["text/plain"]));
        Assert.Equal(".net-csharp", notebook.Read()["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
    }
}
