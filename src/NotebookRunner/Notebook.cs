using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>
/// An nbformat 4 notebook held as its JSON tree, so fields this runner does not know survive a run.
/// </summary>
public sealed class Notebook
{
    /// <summary>The kernelspec .NET Interactive (Polyglot Notebooks) opens C# notebooks with.</summary>
    public const string KernelName = ".net-csharp";

    /// <summary>
    /// How deeply nested the JSON the runner reads and writes may be (notebooks, the worker's journal). System.Text.Json
    /// stops at 64 by default, which a notebook reaches with an output 58 levels deep: it could be displayed but not
    /// saved. Display data is parsed with the default 64 (<see cref="MimeBundle"/>), so outputs always fit.
    /// </summary>
    internal const int MaxJsonDepth = 256;

    /// <summary>Options for reading notebook JSON (<see cref="MaxJsonDepth"/>).</summary>
    internal static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = MaxJsonDepth };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        MaxDepth = MaxJsonDepth,
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private Notebook(JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Root = root;
        Cells = cells;
    }

    /// <summary>The whole notebook document; unknown fields of the input are kept as they were.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells in document order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Reads a notebook file.</summary>
    /// <param name="path">Path of an <c>.ipynb</c> file.</param>
    /// <returns>The parsed notebook.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON, not an nbformat 4 notebook, or not for C#.</exception>
    public static Notebook Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Notebook '{path}' does not exist.", path);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Notebook '{path}' is not valid JSON: {e.Message}", e);
        }

        return Parse(node, path);
    }

    /// <summary>Wraps an already parsed notebook document, after checking the parts the runner relies on:
    /// <c>nbformat</c> is the integer 4, <c>nbformat_minor</c> (when present) a non-negative integer, <c>cells</c> an
    /// array of objects whose <c>cell_type</c> is <c>code</c>, <c>markdown</c> or <c>raw</c> and whose <c>source</c>
    /// is a string or a list of strings, and no kernelspec, language or cell kernel other than C# (see
    /// <see cref="NotebookLanguage.OtherThanCSharp"/>).</summary>
    /// <param name="node">The notebook JSON.</param>
    /// <param name="sourceName">Name used in error messages (usually the file path).</param>
    /// <returns>The notebook.</returns>
    /// <exception cref="InvalidDataException">The document is not an nbformat 4 notebook, or its metadata names a kernel
    /// or language other than C#; the message names the notebook, the field and the value found.</exception>
    public static Notebook Parse(JsonNode? node, string sourceName)
    {
        InvalidDataException Invalid(string problem) =>
            new($"Notebook '{sourceName}' {problem}; only nbformat 4 notebooks (.ipynb) are supported.");

        if (node is not JsonObject root)
        {
            throw Invalid($"is a JSON {Kind(node)}, not an object");
        }

        var major = root["nbformat"] ?? throw Invalid("has no 'nbformat' field");
        if (!IsInteger(major, out var version))
        {
            throw Invalid($"has 'nbformat' {major.ToJsonString()} (a JSON {Kind(major)}), not the integer 4");
        }

        if (version != 4)
        {
            throw Invalid($"is nbformat {version}");
        }

        if (root["nbformat_minor"] is { } minor && !(IsInteger(minor, out var minorVersion) && minorVersion >= 0))
        {
            throw Invalid($"has 'nbformat_minor' {minor.ToJsonString()}, not a non-negative integer");
        }

        if (root["cells"] is not JsonArray cellArray)
        {
            throw Invalid("has no 'cells' array");
        }

        var cells = new List<NotebookCell>(cellArray.Count);
        for (var i = 0; i < cellArray.Count; i++)
        {
            var number = i + 1;
            if (cellArray[i] is not JsonObject cell)
            {
                throw Invalid($"has cell {number} that is a JSON {Kind(cellArray[i])}, not an object");
            }

            if (cell["cell_type"] is not JsonValue type || !type.TryGetValue(out string? typeName) || typeName is not ("code" or "markdown" or "raw"))
            {
                throw Invalid($"has cell {number} with 'cell_type' {cell["cell_type"]?.ToJsonString() ?? "missing"} (allowed: \"code\", \"markdown\", \"raw\")");
            }

            var source = cell["source"];
            var isText = source is JsonValue text && text.GetValueKind() == JsonValueKind.String;
            var isLines = source is JsonArray lines && lines.All(line => line?.GetValueKind() == JsonValueKind.String);
            if (!isText && !isLines)
            {
                throw Invalid($"has cell {number} whose 'source' is a JSON {Kind(source)}, not a string or a list of strings");
            }

            cells.Add(new NotebookCell(cell, number));
        }

        if (NotebookLanguage.OtherThanCSharp(root) is { } otherLanguage)
        {
            throw new InvalidDataException(
                $"Notebook '{sourceName}' is not a C# notebook: {otherLanguage}. The runner runs C# notebooks only " +
                $"(kernelspec '{KernelName}', language 'C#'; a notebook that names no kernel counts as C#) and left it as it was.");
        }

        return new Notebook(root, cells);
    }

    /// <summary>
    /// Brings the document to nbformat 4.5 with the .NET Interactive C# kernelspec and cell metadata:
    /// every cell gets a unique <c>id</c>, code cells get the C# kernel metadata. Other fields are kept.
    /// </summary>
    /// <param name="languageVersion">C# language version written into <c>language_info.version</c>.</param>
    public void Normalize(string languageVersion)
    {
        Root["nbformat"] = 4;
        var minor = Root["nbformat_minor"] is JsonValue value && value.TryGetValue(out int m) ? m : 0;
        Root["nbformat_minor"] = Math.Max(minor, 5);

        var metadata = ObjectProperty(Root, "metadata");
        metadata["kernelspec"] = new JsonObject
        {
            ["name"] = KernelName,
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
        };
        var languageInfo = ObjectProperty(metadata, "language_info");
        languageInfo["name"] = "C#";
        languageInfo["file_extension"] = ".cs";
        languageInfo["mimetype"] = "text/x-csharp";
        languageInfo["pygments_lexer"] = "csharp";
        languageInfo["version"] = languageVersion;
        metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp", ["aliases"] = new JsonArray() }),
            },
        };

        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in Cells)
        {
            cell.EnsureUniqueId(usedIds);
            if (cell.IsCode)
            {
                cell.AddCSharpKernelMetadata();
            }
        }
    }

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> atomically: the JSON goes to a temporary file in
    /// the same folder, which then replaces the target in one move, so readers (and an interrupted run)
    /// see either the old file or the new one, never a partial one. When <paramref name="path"/> is a symbolic link,
    /// the file it points to is replaced and the link stays; the new file keeps the Unix permissions of the old one.
    /// </summary>
    /// <param name="path">Destination file; its folder is created if missing.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var file = new FileInfo(fullPath);
        if (file.LinkTarget is not null)
        {
            // Moving a file over a link would replace the link itself and leave the file it points to unchanged.
            fullPath = file.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        }

        var folder = System.IO.Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, ToJson());
            if (!OperatingSystem.IsWindows() && File.Exists(fullPath))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(fullPath)); // a private notebook stays private
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The notebook as indented JSON (one-space indent like Jupyter), ending with a newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => Root.ToJsonString(WriteOptions) + "\n";

    private static bool IsInteger(JsonNode node, out int value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();

    private static JsonObject ObjectProperty(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
