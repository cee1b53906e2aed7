using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>One cell of a <see cref="Notebook"/>, a view over its JSON object.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json, int number)
    {
        Json = json;
        Number = number;
    }

    /// <summary>The cell's JSON object inside the notebook document.</summary>
    public JsonObject Json { get; }

    /// <summary>1-based position of the cell in the notebook (markdown cells count too).</summary>
    public int Number { get; }

    /// <summary>The nbformat cell type: <c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType => Json["cell_type"]?.GetValue<string>() ?? "";

    /// <summary>Whether this is a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's source text (nbformat stores it as a string or a list of lines).</summary>
    public string Source => Json["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    /// <summary>The cell's outputs array (code cells only; empty when there is none).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? [];

    /// <summary>Replaces the outputs and execution count of a code cell.</summary>
    /// <param name="outputs">The new nbformat outputs.</param>
    /// <param name="executionCount">The execution count, or null for a cell that did not run.</param>
    /// <exception cref="InvalidOperationException">The cell is not a code cell.</exception>
    public void SetOutputs(JsonArray outputs, int? executionCount)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!IsCode)
        {
            throw new InvalidOperationException($"Cell {Number} is a {CellType} cell; only code cells have outputs.");
        }

        Json["outputs"] = outputs;
        Json["execution_count"] = executionCount;
    }

    /// <summary>Empties the outputs of a code cell and clears its execution count.</summary>
    public void ClearOutputs() => SetOutputs([], null);

    internal void EnsureUniqueId(HashSet<string> usedIds)
    {
        var id = Json["id"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (id is null || !IsValidId(id) || !usedIds.Add(id))
        {
            do
            {
                id = Guid.NewGuid().ToString("N")[..12];
            }
            while (!usedIds.Add(id));
            Json["id"] = id;
        }
    }

    internal void AddCSharpKernelMetadata()
    {
        if (Json["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            Json["metadata"] = metadata;
        }

        metadata["dotnet_interactive"] ??= new JsonObject { ["language"] = "csharp" };
        metadata["polyglot_notebook"] ??= new JsonObject { ["kernelName"] = "csharp" };
        Json["outputs"] ??= new JsonArray();
        if (!Json.ContainsKey("execution_count"))
        {
            Json["execution_count"] = null;
        }
    }

    // nbformat 4.5: 1 to 64 characters from [a-zA-Z0-9-_].
    private static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
