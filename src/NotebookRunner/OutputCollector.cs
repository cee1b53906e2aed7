using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>
/// Turns the kernel's events into the nbformat outputs of the running cell, in the order they happen, the way
/// Jupyter's client stores them: console output as <c>stream</c> (consecutive writes to one stream joined),
/// <c>display(x)</c> as <c>display_data</c>, a trailing expression as <c>execute_result</c>. An update of a
/// display (<c>DisplayedValueUpdated</c>) replaces the data of the display with that id, in whichever cell of
/// the notebook it is. Only events of the running cell's command (or commands it started) are taken, so a
/// thread left over from an earlier cell or notebook cannot write into it. Thread-safe.
/// </summary>
internal sealed class OutputCollector
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _displays = new(StringComparer.Ordinal);
    private List<object>? _items; // JsonObject outputs, or StreamText runs still growing
    private string? _token;
    private int _executionCount;

    /// <summary>Starts collecting for a cell.</summary>
    /// <param name="command">The cell's command; events of it and of commands it started are collected.</param>
    /// <param name="executionCount">The cell's execution count, for its <c>execute_result</c>.</param>
    public void Begin(KernelCommand command, int executionCount)
    {
        lock (_gate)
        {
            _items = [];
            _token = command.GetOrCreateToken();
            _executionCount = executionCount;
        }
    }

    /// <summary>Stops collecting and returns the cell's outputs; later events of the cell are dropped.</summary>
    /// <param name="error">An error output to end the list with, or null.</param>
    /// <returns>The nbformat outputs array.</returns>
    public JsonArray End(CellError? error)
    {
        lock (_gate)
        {
            var outputs = new JsonArray();
            foreach (var item in _items ?? [])
            {
                outputs.Add(item switch
                {
                    StreamText stream => new JsonObject
                    {
                        ["output_type"] = "stream",
                        ["name"] = stream.Name,
                        ["text"] = MultilineText.ToJson(stream.Text.ToString()),
                    },
                    JsonObject output => output,
                    _ => throw new InvalidOperationException("Unexpected output item."),
                });
            }

            if (error is not null)
            {
                outputs.Add(new JsonObject
                {
                    ["output_type"] = "error",
                    ["ename"] = error.Name,
                    ["evalue"] = error.Value,
                    ["traceback"] = new JsonArray(error.Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
                });
            }

            _items = null;
            _token = null;
            return outputs;
        }
    }

    /// <summary>Takes one kernel event (subscribe this to the kernel's event stream).</summary>
    /// <param name="kernelEvent">The event.</param>
    public void Add(KernelEvent kernelEvent)
    {
        lock (_gate)
        {
            if (_items is not { } items || !BelongsToRunningCell(kernelEvent.Command))
            {
                return;
            }

            switch (kernelEvent)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream(items, "stdout", PlainText(stdout));
                    break;
                case StandardErrorValueProduced or ErrorProduced:
                    AppendStream(items, "stderr", PlainText((DisplayEvent)kernelEvent));
                    break;
                case DisplayedValueProduced display when MimeBundle.From(display.FormattedValues) is { } data:
                    var output = new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
                    items.Add(output);
                    if (display.ValueId is { } displayId)
                    {
                        _displays[displayId] = output;
                    }

                    break;
                case DisplayedValueUpdated update when update.ValueId is { } updatedId
                                                       && _displays.TryGetValue(updatedId, out var shown)
                                                       && MimeBundle.From(update.FormattedValues) is { } data:
                    shown["data"] = data;
                    break;
                case ReturnValueProduced result when result.Value is not DisplayedValue
                                                     && MimeBundle.From(result.FormattedValues) is { } data:
                    items.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = _executionCount,
                        ["data"] = data,
                        ["metadata"] = new JsonObject(),
                    });
                    break;
            }
        }
    }

    // The command of the running cell, or one it started (its token extends the cell's token: "root.1.2").
    private bool BelongsToRunningCell(KernelCommand? command)
    {
        var token = command?.GetOrCreateToken();
        return _token is not null && token is not null
            && (token == _token || token.StartsWith(_token + ".", StringComparison.Ordinal));
    }

    private static string PlainText(DisplayEvent displayEvent) =>
        displayEvent.FormattedValues.FirstOrDefault(value => value.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? displayEvent.Value?.ToString()
        ?? "";

    private static void AppendStream(List<object> items, string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (items.Count > 0 && items[^1] is StreamText last && last.Name == name)
        {
            last.Text.Append(text);
        }
        else
        {
            items.Add(new StreamText(name, new StringBuilder(text)));
        }
    }

    private sealed record StreamText(string Name, StringBuilder Text);
}
