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
        string Html(int cell) => TestNotebook.Text(cells[cell - 1]!["outputs"]![0]!["data"]!["text/html"]);
        Assert.Contains("<pre>42</pre>", Html(2));
        Assert.Contains("<pre>42</pre>", Html(3));
        var figure = cells[3]!["outputs"]![0]!["data"]!;
        Assert.Equal("<div class=\"figure\">loss per epoch</div>", TestNotebook.Text(figure["text/html"]));
        Assert.Equal("loss per epoch", figure["application/vnd.plotly.v1+json"]!["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(new[] { "text/html", "application/vnd.plotly.v1+json" }, figure.AsObject().Select(entry => entry.Key));
    }

    [Fact]
    public void Hash_r_nuget_restores_a_package_and_references_its_assemblies()
    {
        // Newtonsoft.Json 13.0.3 is in the local NuGet cache wherever these tests run (the test platform depends on it).
        using var notebook = new TestNotebook()
            .Code("#r \"nuget: Newtonsoft.Json, 13.0.3\"")
            .Code("Newtonsoft.Json.JsonConvert.SerializeObject(new { answer = 42 })");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var installed = TestNotebook.Text(Assert.Single(notebook.Outputs(1))!["data"]!["text/html"]);
        Assert.Contains("Installed Packages", installed);
        Assert.Contains("Newtonsoft.Json, 13.0.3", installed);
        Assert.Equal("{\"answer\":42}", TestNotebook.Text(notebook.Outputs(2)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void A_missing_reference_is_a_compile_error_of_that_cell()
    {
        using var notebook = new TestNotebook().Code("#r \"lib/DoesNotExist.dll\"");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run());

        var error = Assert.Single(notebook.Outputs(1))!;
        Assert.Equal("Microsoft.DotNet.Interactive.CodeSubmissionCompilationErrorException", error["ename"]!.GetValue<string>());
        Assert.Contains("DoesNotExist.dll", error["evalue"]!.GetValue<string>());
    }
}
