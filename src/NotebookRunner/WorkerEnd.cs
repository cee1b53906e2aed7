using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>How a worker (<see cref="WorkerProcess"/>) ended and what it reported.</summary>
/// <param name="Report">Its journal.</param>
/// <param name="ExitCode">Its exit code; on Unix 128 + N when signal N ended it (what .NET reports).</param>
/// <param name="StackOverflow">Whether it printed the runtime's stack overflow message.</param>
/// <param name="StuckFor">How long it had made no progress when the runner killed it; null when it ended by itself.</param>
/// <param name="Elapsed">Its wall time.</param>
internal sealed record WorkerEnd(WorkerReport Report, int ExitCode, bool StackOverflow, TimeSpan? StuckFor, TimeSpan Elapsed)
{
    /// <summary>Whether the worker ended as it does after a run (exit code 0, by itself).</summary>
    public bool EndedNormally => ExitCode == 0 && StuckFor is null;

    /// <summary>How the worker ended, in words, e.g. "exit code 3 (Environment.Exit or a native exit() while it ran)".</summary>
    public string HowItEnded()
    {
        if (StuckFor is { } silence)
        {
            return $"it made no progress for {silence.TotalSeconds:0} s, past the cell timeout, and was killed";
        }

        if (StackOverflow)
        {
            return $"a stack overflow, which .NET cannot catch and which aborts the process (exit code {ExitCode})";
        }

        if (!OperatingSystem.IsWindows() && ExitCode is > 128 and <= 128 + 64)
        {
            var signal = ExitCode - 128;
            var (name, hint) = signal switch
            {
                6 => ("SIGABRT", "; the process aborted"),
                9 => ("SIGKILL", "; the system kills a process this way when memory runs out"),
                11 => ("SIGSEGV", "; a crash in native code"),
                15 => ("SIGTERM", "; something asked the process to stop"),
                _ => ($"signal {signal}", ""),
            };
            return $"signal {signal} ({name}, exit code {ExitCode}){hint}";
        }

        return $"exit code {ExitCode} (Environment.Exit or a native exit() while the cell ran)";
    }

    /// <summary>
    /// Puts what the worker reported into <paramref name="notebook"/> (the runner's copy of the file it ran): the
    /// kernel metadata, the outputs of every cell that finished, no outputs on code cells that did not run. When the
    /// worker ended during a cell, that cell gets a <see cref="CellError.DeadKernel"/> error output.
    /// </summary>
    /// <param name="notebook">The notebook as the runner loaded it.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="InvalidOperationException">The kernel never started, or the worker ended with no result and no
    /// cell running: there is nothing to put in the notebook.</exception>
    public NotebookRunResult ApplyTo(Notebook notebook)
    {
        if (Report.LanguageVersion is not { } languageVersion || (Report.Result is null && Report.RunningCell is null))
        {
            throw new InvalidOperationException($"The process running the notebook ended " +
                $"{(Report.LanguageVersion is null ? "before the kernel started" : "between two cells")}: {HowItEnded()}.");
        }

        notebook.Normalize(languageVersion);
        foreach (var cell in notebook.Cells.Where(cell => cell.IsCode))
        {
            if (Report.Cells.TryGetValue(cell.Number, out var record))
            {
                cell.SetOutputs(record.Outputs, record.ExecutionCount);
            }
            else
            {
                cell.ClearOutputs();
            }
        }

        if (Report.Result is { } result)
        {
            return result;
        }

        var (number, executionCount) = Report.RunningCell!.Value;
        var error = CellError.ProcessEnded(number, HowItEnded());
        notebook.Cells[number - 1].SetOutputs(new JsonArray(error.ToOutput()), executionCount);
        return new NotebookRunResult(executionCount, number, $"cell {number}: {error.Name}: {error.Value}", Elapsed);
    }
}
