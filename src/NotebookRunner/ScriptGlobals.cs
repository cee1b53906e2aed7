namespace NotebookRunner;

/// <summary>
/// The globals every notebook cell sees: members here are callable from cells without qualification,
/// as in .NET Interactive.
/// </summary>
public sealed class ScriptGlobals
{
    private volatile CellOutputs? _cell;

    internal CellOutputs? Cell
    {
        get => _cell;
        set => _cell = value;
    }

    /// <summary>
    /// Shows <paramref name="value"/> as a <c>display_data</c> output of the running cell, rendered through
    /// the display convention (<see cref="DisplayFormatter"/>): every mime type its formatters give,
    /// or <c>text/plain</c> from <see cref="object.ToString"/>.
    /// </summary>
    /// <param name="value">The object to show; null shows <c>&lt;null&gt;</c>.</param>
    /// <exception cref="InvalidOperationException">Called while no cell is running (e.g. from a leftover thread).</exception>
#pragma warning disable IDE1006 // lower-case name, as .NET Interactive's display()
    public void display(object? value)
#pragma warning restore IDE1006
    {
        var cell = _cell ?? throw new InvalidOperationException("display() was called while no notebook cell is running.");
        cell.AddDisplayData(DisplayFormatter.Format(value));
    }
}
