using System.Text;

namespace NotebookRunner;

/// <summary>
/// Stands in for <see cref="Console.Out"/> or <see cref="Console.Error"/> while a notebook runs and sends
/// everything written to the current cell's outputs, whichever thread writes it. Between cells (no cell
/// attached) the text goes to the writer that was there before.
/// </summary>
internal sealed class CellConsoleWriter(string streamName, TextWriter fallback) : TextWriter
{
    private volatile CellOutputs? _cell;
    private volatile TextWriter _fallback = fallback;

    /// <summary>Where text goes while no cell is attached (the console from before the run).</summary>
    public TextWriter Fallback
    {
        get => _fallback;
        set => _fallback = value;
    }

    /// <summary>The cell whose outputs receive the text; null sends it to the fallback writer.</summary>
    public CellOutputs? Cell
    {
        get => _cell;
        set => _cell = value;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (_cell is { } cell)
        {
            cell.AppendStream(streamName, value);
        }
        else
        {
            _fallback.Write(value);
        }
    }

    public override void WriteLine(string? value) => Write(value + NewLine);
}
