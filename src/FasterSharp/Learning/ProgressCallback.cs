using System.Diagnostics;
using FasterSharp.Display;

namespace FasterSharp.Learning;

/// <summary>Shows training progress: the epoch table row by row (header at the start of the fit, one line
/// per epoch) and, when the output is a terminal, a progress bar with an ETA for the current phase. In a
/// notebook connected through <see cref="NotebookDisplay"/>, the epoch table is an HTML table (the
/// <see cref="Recorder"/>): with <see cref="NotebookDisplay.UpdatableSink"/> it is shown when the fit starts and
/// redrawn in place after every epoch; with <see cref="NotebookDisplay.Sink"/> only, one short line is printed per
/// epoch and the table is shown when the fit ends.</summary>
public sealed class ProgressCallback : Callback
{
    private readonly TextWriter? _writer;
    private readonly bool _showBar;
    private readonly bool _toConsole;
    private readonly Stopwatch _phaseClock = new();
    private int[] _widths = [];
    private long _lastDraw;
    private Action<object>? _redrawTable;

    /// <summary>Writes to <paramref name="output"/> (default the console); the bar is drawn only on an
    /// interactive console unless <paramref name="showBar"/> says otherwise.</summary>
    public ProgressCallback(TextWriter? output = null, bool? showBar = null)
    {
        _writer = output;
        _toConsole = output is null;
        _showBar = showBar ?? (output is null && !Console.IsOutputRedirected);
    }

    /// <inheritdoc />
    public override int Order => 60;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        if (InNotebook)
        {
            _redrawTable = NotebookDisplay.ShowUpdatable(Learn.Recorder);
            return;
        }

        var columns = Learn.Recorder.ColumnNames;
        _widths = columns.Select(c => Math.Max(c.Length, 10)).ToArray();
        Output.WriteLine(TextTable.FormatRow(columns, _widths));
    }

    /// <inheritdoc />
    public override void BeforeTrain() => StartPhase();

    /// <inheritdoc />
    public override void BeforeValidate() => StartPhase();

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!_showBar) return;
        var now = _phaseClock.ElapsedMilliseconds;
        var done = Learn.Iteration + 1;
        if (done < Learn.NIter && now - _lastDraw < 200) return;
        _lastDraw = now;
        Console.Write("\r" + Bar(done, Learn.NIter, _phaseClock.Elapsed, Learn.Training ? "train" : "valid"));
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        if (_showBar) Console.Write("\r" + new string(' ', 79) + "\r");
        var epochs = Learn.Recorder.Epochs;
        if (epochs.Count == 0 || epochs[^1].Epoch != Learn.Epoch) return; // a cancelled epoch that measured nothing
        if (InNotebook)
        {
            if (_redrawTable is { } redraw) redraw(Learn.Recorder);
            else Output.WriteLine($"epoch {epochs[^1].Epoch + 1}/{Learn.NEpoch} done in {Clock(epochs[^1].Time)}");
            return;
        }
        var metricNames = Learn.Metrics.Select(m => m.Name);
        Output.WriteLine(TextTable.FormatRow(Recorder.FormatRow(epochs[^1], metricNames), _widths));
    }

    /// <inheritdoc />
    public override void AfterFit()
    {
        if (InNotebook && _redrawTable is null) NotebookDisplay.Show(Learn.Recorder);
        _redrawTable = null;
    }

    private bool InNotebook => _toConsole && NotebookDisplay.IsActive;

    // The console as it is now, not as it was when the learner was made: a notebook kernel gives every cell its own
    // console writer, and a learner made in one cell often trains in a later one.
    private TextWriter Output => _writer ?? Console.Out;

    /// <summary>A one-line progress bar: "train [#####-----] 50/100 00:10&lt;00:10".</summary>
    internal static string Bar(int done, int total, TimeSpan elapsed, string label)
    {
        const int width = 30;
        var filled = total == 0 ? width : (int)((long)done * width / total);
        var remaining = done == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(elapsed.Ticks * (total - done) / done);
        return $"{label} [{new string('#', filled)}{new string('-', width - filled)}] {done}/{total} {Clock(elapsed)}<{Clock(remaining)}";
    }

    private static string Clock(TimeSpan t) => $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";

    private void StartPhase()
    {
        _phaseClock.Restart();
        _lastDraw = 0;
    }
}
