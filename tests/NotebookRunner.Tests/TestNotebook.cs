using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>A notebook written into a fresh temporary folder, run, and read back.</summary>
internal sealed class TestNotebook : IDisposable
{
    private readonly List<JsonObject> _cells = [];

    public TestNotebook(string name = "test.ipynb")
    {
        Folder = Directory.CreateTempSubdirectory("notebookrunner-tests-").FullName;
        Path = System.IO.Path.Combine(Folder, name);
    }

    public string Folder { get; }

    public string Path { get; }

    public TestNotebook Markdown(string source)
    {
        _cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source });
        return this;
    }

    public TestNotebook Code(string source)
    {
        _cells.Add(new JsonObject
        {
            ["cell_type"] = "code",
            ["metadata"] = new JsonObject(),
            ["source"] = source,
            ["outputs"] = new JsonArray(),
            ["execution_count"] = null,
        });
        return this;
    }

    /// <summary>Writes the notebook file (nbformat 4.4 style, no cell ids) and returns its path.</summary>
    public string Write(JsonObject? extraMetadata = null)
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(_cells.Select(cell => (JsonNode)cell.DeepClone()).ToArray()),
            ["metadata"] = extraMetadata ?? new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        };
        File.WriteAllText(Path, root.ToJsonString());
        return Path;
    }

    /// <summary>Writes and runs the notebook in place through the command line; returns the exit code.</summary>
    public int Run(params string[] options)
    {
        Write();
        return RunnerCommand.Run([.. options, Path], TextWriter.Null);
    }

    public JsonObject Read(string? path = null) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(path ?? Path), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 })!;

    public JsonArray Cells(string? path = null) => (JsonArray)Read(path)["cells"]!;

    public JsonArray Outputs(int cellNumber, string? path = null) => (JsonArray)Cells(path)[cellNumber - 1]!["outputs"]!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover of a failed test; the OS temp cleaner takes it.
        }
    }

    /// <summary>Joins nbformat multiline text (string or list of lines).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line!.GetValue<string>())),
        JsonValue value => value.GetValue<string>(),
        _ => throw new InvalidOperationException("not text: " + node?.ToJsonString()),
    };
}
