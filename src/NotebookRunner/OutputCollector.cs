using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>
/// Turns the running cell's console text (<see cref="Write"/>) and the kernel's events into the cell's nbformat
/// outputs, in the order they happen, the way Jupyter's client stores them: console output as <c>stream</c>
/// (consecutive writes to one stream joined), <c>display(x)</c> as <c>display_data</c>, a trailing expression as
/// <c>execute_result</c>. An update of a display (<c>DisplayedValueUpdated</c>) replaces the data of the display with
/// that id, in whichever cell of the notebook it is. Only events of the running cell's command (or commands it
/// started) are taken, so a thread left over from an earlier cell or notebook cannot write into it through the kernel.
/// What a cell stores is capped by <see cref="OutputBudget"/> as it arrives. Thread-safe.
/// </summary>
internal sealed class OutputCollector(int maxCellOutputBytes)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Display> _displays = new(StringComparer.Ordinal);
    private readonly HashSet<int> _updatedCells = [];
    private readonly OutputBudget _budget = new(maxCellOutputBytes);
    private List<object>? _items; // JsonObject outputs, or StreamText runs still growing
    private string? _token;
    private int _executionCount;
    private int _cellNumber;

    /// <summary>Starts collecting for a cell.</summary>
    /// <param name="command">The cell's command; events of it and of commands it started are collected.</param>
    /// <param name="executionCount">The cell's execution count, for its <c>execute_result</c>.</param>
    /// <param name="cellNumber">The cell's 1-based position in the notebook.</param>
    public void Begin(KernelCommand command, int executionCount, int cellNumber)
    {
        lock (_gate)
        {
            _items = [];
            _token = command.GetOrCreateToken();
            _executionCount = executionCount;
            _cellNumber = cellNumber;
            _updatedCells.Clear();
            _budget.Reset();
        }
    }

    /// <summary>Stops collecting and returns the cell's outputs; later events of the cell are dropped.</summary>
    /// <param name="error">An error output to end the list with, or null.</param>
    /// <returns>The nbformat outputs array (with a note at its end when output was dropped), and the numbers of the
    /// other cells whose displays this cell updated.</returns>
    public (JsonArray Outputs, IReadOnlyList<int> UpdatedCells) End(CellError? error)
    {
        lock (_gate)
        {
            var outputs = new JsonArray();
            foreach (var item in _items ?? [])
            {
                outputs.Add(item switch
                {
                    StreamText stream => Stream(stream.Name, stream.Text.ToString()),
                    JsonObject output => output,
                    _ => throw new InvalidOperationException("Unexpected output item."),
                });
            }

            if (_budget.Note() is { } note)
            {
                outputs.Add(Stream("stderr", note));
            }

            if (error is not null)
            {
                var (value, traceback) = _budget.Shorten(error);
                outputs.Add((error with { Value = value, Traceback = traceback }).ToOutput());
            }

            _items = null;
            _token = null;
            return (outputs, _updatedCells.Order().ToList());
        }
    }

    /// <summary>Takes console text written while a cell runs (from any thread); dropped when no cell runs.</summary>
    /// <param name="name">The stream: <c>stdout</c> or <c>stderr</c>.</param>
    /// <param name="text">The text written.</param>
    public void Write(string name, ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            if (_items is { } items)
            {
                AppendStream(items, name, _budget.Admit(text));
            }
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
                    AppendStream(items, "stdout", _budget.Admit(PlainText(stdout)));
                    break;
                case StandardErrorValueProduced or ErrorProduced:
                    AppendStream(items, "stderr", _budget.Admit(PlainText((DisplayEvent)kernelEvent)));
                    break;
                case DisplayedValueProduced display when _budget.Admit(display.FormattedValues) is { } bytes
                                                         && MimeBundle.From(display.FormattedValues) is { } data:
                    var output = new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
                    items.Add(output);
                    if (display.ValueId is { } displayId)
                    {
                        _displays[displayId] = new Display(output, _cellNumber, bytes);
                    }

                    break;
                case DisplayedValueUpdated update when update.ValueId is { } updatedId
                                                       && _displays.TryGetValue(updatedId, out var shown)
                                                       && _budget.AdmitReplacement(update.FormattedValues, shown.Bytes) is { } newBytes
                                                       && MimeBundle.From(update.FormattedValues) is { } data:
                    shown.Output["data"] = data;
                    _displays[updatedId] = shown with { Bytes = newBytes };
                    if (shown.CellNumber != _cellNumber)
                    {
                        _updatedCells.Add(shown.CellNumber);
                    }

                    break;
                case ReturnValueProduced result when result.Value is not DisplayedValue
                                                     && _budget.Admit(result.FormattedValues) is not null
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

    private static JsonObject Stream(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = MultilineText.ToJson(text),
    };

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

    private static void AppendStream(List<object> items, string name, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (items.Count > 0 && items[^1] is StreamText last && last.Name == name)
        {
            last.Text.Append(text);
        }
        else
        {
            items.Add(new StreamText(name, new StringBuilder().Append(text)));
        }
    }

    private sealed record StreamText(string Name, StringBuilder Text);

    // A display that a later DisplayedValueUpdated may replace: its output, the cell it is in, the bytes it holds.
    private readonly record struct Display(JsonObject Output, int CellNumber, long Bytes);
}
