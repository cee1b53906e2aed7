using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public class NotebookFileTests
{
    [Fact]
    public void A_written_notebook_with_every_output_kind_validates_with_nbformat()
    {
        using var notebook = new TestNotebook()
            .Markdown("# Every output kind")
            .Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");")
            .Code($"#r \"{typeof(Score).Assembly.Location}\"")
            .Code("display(Activator.CreateInstance(Type.GetType(\"NotebookRunner.Tests.Score, NotebookRunner.Tests\")!, \"a\", 1.0));\n\"result\"")
            .Code("throw new Exception(\"stop\");")
            .Code("1");
        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run());
        var kinds = notebook.Cells().SelectMany(cell => cell!["outputs"]?.AsArray() ?? []).Select(output => output!["output_type"]!.GetValue<string>());
        Assert.Equal(new[] { "stream", "stream", "display_data", "execute_result", "error" }, kinds);

        var (exitCode, output) = NbformatValidator.Validate(notebook.Path);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void The_nbformat_check_rejects_a_notebook_without_cell_ids()
    {
        using var notebook = new TestNotebook().Code("1");
        notebook.Write();
        var root = notebook.Read();
        root["nbformat_minor"] = 5; // ids are required from 4.5 on
        File.WriteAllText(notebook.Path, root.ToJsonString());

        Assert.NotEqual(0, NbformatValidator.Validate(notebook.Path).ExitCode);
    }

    [Fact]
    public void Written_notebooks_carry_nbformat_4_5_the_csharp_kernelspec_cell_ids_and_kernel_metadata()
    {
        using var notebook = new TestNotebook().Markdown("text").Code("1").Code("2");
        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var root = notebook.Read();

        Assert.Equal((4, 5), (root["nbformat"]!.GetValue<int>(), root["nbformat_minor"]!.GetValue<int>()));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}"""),
            root["metadata"]!["kernelspec"]));
        var languageInfo = root["metadata"]!["language_info"]!;
        Assert.Equal(("C#", ".cs", "text/x-csharp", "csharp"), (
            languageInfo["name"]!.GetValue<string>(), languageInfo["file_extension"]!.GetValue<string>(),
            languageInfo["mimetype"]!.GetValue<string>(), languageInfo["pygments_lexer"]!.GetValue<string>()));
        Assert.Matches(@"^\d+\.\d+$", languageInfo["version"]!.GetValue<string>());
        var ids = root["cells"]!.AsArray().Select(cell => cell!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", id));
        foreach (var code in root["cells"]!.AsArray().Where(cell => cell!["cell_type"]!.GetValue<string>() == "code"))
        {
            Assert.Equal("csharp", code!["metadata"]!["dotnet_interactive"]!["language"]!.GetValue<string>());
            Assert.Equal("csharp", code["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Unknown_fields_and_existing_ids_of_the_input_are_kept()
    {
        using var notebook = new TestNotebook().Code("1").Code("2");
        notebook.Write(new JsonObject { ["authors"] = new JsonArray("someone") });
        var input = notebook.Read();
        input["cells"]![0]!["id"] = "first-cell";
        input["cells"]![0]!["metadata"]!["tags"] = new JsonArray("parameters");
        input["cells"]![1]!["id"] = "first-cell"; // a duplicate must be replaced
        File.WriteAllText(notebook.Path, input.ToJsonString());

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        var output = notebook.Read();
        Assert.Equal("someone", output["metadata"]!["authors"]![0]!.GetValue<string>());
        Assert.Equal("first-cell", output["cells"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("parameters", output["cells"]![0]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.NotEqual("first-cell", output["cells"]![1]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Saving_replaces_the_file_in_one_move_and_leaves_no_temporary_file()
    {
        using var notebook = new TestNotebook().Code("1");
        notebook.Write();
        var original = File.ReadAllBytes(notebook.Path);
        using var reader = new FileStream(notebook.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        // A reader that had the old file open still sees all of it: the new file was renamed over it,
        // not written into it, so no reader can ever see a half-written notebook.
        using var copy = new MemoryStream();
        reader.CopyTo(copy);
        Assert.Equal(original, copy.ToArray());
        Assert.NotEqual(original, File.ReadAllBytes(notebook.Path));
        Assert.Equal(new[] { notebook.Path }, Directory.GetFiles(notebook.Folder));
    }

    [Fact]
    public void An_output_of_deeply_nested_json_is_stored_as_json_and_saved()
    {
        // Inside the notebook the output sits 6 levels down: past System.Text.Json's default limit of 64, at which saving
        // threw and the runner crashed (exit 134).
        using var notebook = new TestNotebook()
            .Code("var deep = new string('[', 62) + new string(']', 62);\ndisplay(System.Text.Json.JsonDocument.Parse(deep), \"application/json\");")
            .Code("\"after\"");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var shown = Assert.Single(notebook.Outputs(1))!["data"]!["application/json"]!;
        var depth = 0;
        for (var node = shown; node is JsonArray array; node = array.Count > 0 ? array[0] : null)
        {
            depth++;
        }

        Assert.Equal(62, depth);
        Assert.Equal("after", TestNotebook.Text(notebook.Outputs(2)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void Running_a_notebook_through_a_symbolic_link_writes_the_file_it_points_to_and_keeps_the_link()
    {
        using var notebook = new TestNotebook("target.ipynb").Code("\"through the link\"");
        var link = Path.Combine(notebook.Folder, "link.ipynb");
        File.CreateSymbolicLink(link, notebook.Write());

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([link], TextWriter.Null));

        Assert.Equal(notebook.Path, new FileInfo(link).LinkTarget);
        Assert.Equal("through the link", TestNotebook.Text(notebook.Outputs(1)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Saving_keeps_the_notebooks_unix_permissions()
    {
        using var notebook = new TestNotebook().Code("1");
        File.SetUnixFileMode(notebook.Write(), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(notebook.Path));
        Assert.Single(notebook.Outputs(1));
    }

    [Theory]
    [InlineData("{\"not\": \"a notebook\"}", "has no 'nbformat' field")]
    [InlineData("this is not JSON", "is not valid JSON")]
    [InlineData("", "is not valid JSON")]
    [InlineData("[1, 2]", "is a JSON array, not an object")]
    [InlineData("{\"nbformat\": \"4\", \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": []}", "has 'nbformat' \"4\" (a JSON string), not the integer 4")]
    [InlineData("{\"nbformat\": 4.0, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": []}", "has 'nbformat' 4.0 (a JSON number), not the integer 4")]
    [InlineData("{\"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": []}", "is nbformat 3")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": \"5\", \"metadata\": {}, \"cells\": []}", "has 'nbformat_minor' \"5\", not a non-negative integer")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": {}}", "has no 'cells' array")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [7]}", "has cell 1 that is a JSON number, not an object")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": 7, \"metadata\": {}, \"source\": \"1\"}]}", "has cell 1 with 'cell_type' 7 (allowed: \"code\", \"markdown\", \"raw\")")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"metadata\": {}, \"source\": \"1\"}]}", "has cell 1 with 'cell_type' missing")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"ok\"}, {\"cell_type\": \"code\", \"metadata\": {}, \"source\": 42, \"outputs\": []}]}", "has cell 2 whose 'source' is a JSON number, not a string or a list of strings")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": [\"a\", 1], \"outputs\": []}]}", "has cell 1 whose 'source' is a JSON array, not a string or a list of strings")]
    public void A_file_that_is_not_an_nbformat_4_notebook_fails_with_a_message_naming_it_and_the_problem_and_is_left_alone(string content, string problem)
    {
        using var notebook = new TestNotebook();
        using var good = new TestNotebook("good.ipynb").Code("\"ran\"");
        File.WriteAllText(notebook.Path, content);
        var log = new StringWriter();

        Assert.Equal(RunnerCommand.NotebookFailed, RunnerCommand.Run([notebook.Path, good.Write()], log));

        Assert.Contains($"Notebook '{notebook.Path}' {problem}", log.ToString());
        Assert.Equal(content, File.ReadAllText(notebook.Path));
        Assert.Equal("ran", TestNotebook.Text(good.Outputs(1)[0]!["data"]!["text/plain"])); // the next notebook still runs
    }
}
