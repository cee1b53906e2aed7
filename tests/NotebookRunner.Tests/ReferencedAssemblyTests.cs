using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public class ReferencedAssemblyTests
{
    [Fact]
    public void Hash_r_resolves_relative_to_the_notebook_folder_and_loads_dependencies_and_native_libraries_beside_the_dll()
    {
        using var notebook = new TestNotebook();
        ReferencedLibrary.Build(Path.Combine(notebook.Folder, "lib"));
        var notebookFolder = Path.Combine(notebook.Folder, "notebooks");
        Directory.CreateDirectory(notebookFolder);
        var path = Path.Combine(notebookFolder, "uses-library.ipynb");
        notebook
            .Code("#r \"../lib/Plots.dll\"\nusing Plots;")
            .Code("FromDependency.Answer()")
            .Code("Native.Triple(14.0)")
            .Code("new Figure(\"loss per epoch\")");
        File.Move(notebook.Write(), path);

        // Started from another folder, so only the notebook's folder can make "../lib" resolve.
        var exitCode = RunnerCommand.Run([path], TextWriter.Null);

        var cells = (JsonArray)JsonNode.Parse(File.ReadAllText(path))!["cells"]!;
        Assert.True(exitCode == RunnerCommand.Success, cells.ToJsonString());
        string PlainText(int cell) => TestNotebook.Text(cells[cell - 1]!["outputs"]![0]!["data"]!["text/plain"]);
        Assert.Equal("42", PlainText(2));
        Assert.Equal("42", PlainText(3));
        var figure = cells[3]!["outputs"]![0]!["data"]!;
        Assert.Equal("<div class=\"figure\">loss per epoch</div>", TestNotebook.Text(figure["text/html"]));
        Assert.Equal("loss per epoch", figure["application/vnd.plotly.v1+json"]!["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Plots.Figure", TestNotebook.Text(figure["text/plain"]));
    }

    [Fact]
    public void A_missing_reference_is_a_compile_error_of_that_cell()
    {
        using var notebook = new TestNotebook().Code("#r \"lib/DoesNotExist.dll\"");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run());

        var error = Assert.Single(notebook.Outputs(1))!;
        Assert.Equal("Microsoft.CodeAnalysis.Scripting.CompilationErrorException", error["ename"]!.GetValue<string>());
        Assert.Contains("DoesNotExist.dll", error["evalue"]!.GetValue<string>());
    }
}
