using System.Text;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>
/// Collects the nbformat outputs of one cell in the order they happen. Thread-safe: code that writes to
/// the console or calls <c>display</c> from other threads during the cell lands here too.
/// </summary>
public sealed class CellOutputs
{
    private readonly object _gate = new();
    private readonly List<object> _items = []; // JsonObject outputs, or StreamText runs still growing

    /// <summary>Appends text to the cell's <c>stdout</c> or <c>stderr</c> stream output.</summary>
    /// <param name="streamName"><c>stdout</c> or <c>stderr</c>.</param>
    /// <param name="text">The text written.</param>
    public void AppendStream(string streamName, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        lock (_gate)
        {
            if (_items.Count > 0 && _items[^1] is StreamText last && last.Name == streamName)
            {
                last.Text.Append(text);
            }
            else
            {
                _items.Add(new StreamText(streamName, new StringBuilder(text)));
            }
        }
    }

    /// <summary>Adds a <c>display_data</c> output.</summary>
    /// <param name="data">The mime bundle (mime type to content).</param>
    public void AddDisplayData(JsonObject data) =>
        Add(new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() });

    /// <summary>Adds the <c>execute_result</c> output (the value of a cell's trailing expression).</summary>
    /// <param name="data">The mime bundle.</param>
    /// <param name="executionCount">The cell's execution count.</param>
    public void AddExecuteResult(JsonObject data, int executionCount) =>
        Add(new JsonObject
        {
            ["output_type"] = "execute_result",
            ["execution_count"] = executionCount,
            ["data"] = data,
            ["metadata"] = new JsonObject(),
        });

    /// <summary>Adds an <c>error</c> output.</summary>
    /// <param name="errorName">Exception type name (<c>ename</c>).</param>
    /// <param name="errorValue">Exception message (<c>evalue</c>).</param>
    /// <param name="traceback">Traceback lines.</param>
    public void AddError(string errorName, string errorValue, IEnumerable<string> traceback) =>
        Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = errorName,
            ["evalue"] = errorValue,
            ["traceback"] = new JsonArray(traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
        });

    /// <summary>The outputs collected so far, as an nbformat outputs array (a fresh copy).</summary>
    /// <returns>The outputs.</returns>
    public JsonArray ToJson()
    {
        lock (_gate)
        {
            var array = new JsonArray();
            foreach (var item in _items)
            {
                array.Add(item switch
                {
                    StreamText stream => new JsonObject
                    {
                        ["output_type"] = "stream",
                        ["name"] = stream.Name,
                        ["text"] = MultilineText.ToJson(stream.Text.ToString()),
                    },
                    JsonObject output => output.DeepClone(),
                    _ => throw new InvalidOperationException("Unexpected output item."),
                });
            }

            return array;
        }
    }

    private void Add(JsonObject output)
    {
        lock (_gate)
        {
            _items.Add(output);
        }
    }

    private sealed record StreamText(string Name, StringBuilder Text);
}
