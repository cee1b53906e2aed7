using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>
/// Runs the code cells of a notebook in order on one .NET Interactive C# kernel (in-process) and stores their
/// outputs in the notebook (see <see cref="OutputCollector"/>); a failing cell gets an <c>error</c> output.
/// The first failing cell stops the run; the cells after it are left without outputs. Markdown and raw cells
/// are not touched. Console output goes straight to the running cell (<see cref="ConsoleCapture"/>), and what a cell
/// stores is capped as it arrives (<see cref="ExecutionSettings.MaxCellOutputBytes"/>).
/// </summary>
/// <remarks>
/// While a notebook runs, the process's current directory is the notebook's folder (as when Jupyter or VS Code
/// start a kernel for it, so <c>#r "../x.dll"</c> resolves from there) and <c>FASTERSHARP_QUICK</c> is set or
/// removed; both are process-wide, so notebooks run one at a time per process (concurrent calls wait).
/// </remarks>
public sealed class NotebookExecutor(ExecutionSettings settings)
{
    private static readonly object ProcessWideGate = new();

    /// <summary>How long starting the kernel may take when the cell timeout is shorter.</summary>
    internal static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    private static int _cellsLeftBehind;

    private readonly ExecutionSettings _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>How many timed-out cells this process has left running on their kernel threads (all executors).</summary>
    public static int CellsLeftBehind => Volatile.Read(ref _cellsLeftBehind);

    /// <summary>
    /// Executes <paramref name="notebook"/> on a new kernel and replaces the outputs of its code cells. The
    /// notebook is normalized to nbformat 4.5 with the C# kernel metadata first.
    /// </summary>
    /// <param name="notebook">The notebook to run; its outputs are changed in place.</param>
    /// <param name="notebookPath">Where the notebook lives: cells run with its folder as the current directory.</param>
    /// <returns>Which cell failed, if any, and how long the run took.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notebook"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="notebookPath"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The kernel did not start (within the cell timeout, at least 2 minutes);
    /// no cell ran.</exception>
    public NotebookRunResult Run(Notebook notebook, string notebookPath) => Run(notebook, notebookPath, observer: null);

    /// <summary>As <see cref="Run(Notebook, string)"/>, telling <paramref name="observer"/> as each step happens.</summary>
    internal NotebookRunResult Run(Notebook notebook, string notebookPath, IExecutionObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentException.ThrowIfNullOrWhiteSpace(notebookPath);
        notebookPath = Path.GetFullPath(notebookPath);

        lock (ProcessWideGate)
        {
            var previousDirectory = Environment.CurrentDirectory;
            var previousQuick = Environment.GetEnvironmentVariable(ExecutionSettings.QuickModeVariable);
            CompositeKernel? kernel = null;
            var leftBehind = false;
            try
            {
                Environment.CurrentDirectory = Path.GetDirectoryName(notebookPath)!;
                Environment.SetEnvironmentVariable(ExecutionSettings.QuickModeVariable, _settings.Quick ? "1" : null);
                Formatter.ResetToDefault(); // formatters a previous notebook registered do not leak into this one
                kernel = CSharpNotebookKernel.Create();
                var languageVersion = kernel.ChildKernels.Single().KernelInfo.LanguageVersion ?? "";
                notebook.Normalize(languageVersion);
                var outputs = new OutputCollector(_settings.MaxCellOutputBytes);
                using var subscription = kernel.KernelEvents.Subscribe(outputs.Add);
                using var console = new ConsoleCapture(outputs);

                // The first submission loads and warms up the compiler (seconds, more on a busy machine); doing that
                // before the first cell lets the cell timeout measure the cells alone.
                var startLimit = _settings.CellTimeout > StartLimit ? _settings.CellTimeout : StartLimit;
                (var startError, leftBehind) = Submit(kernel, new SubmitCode("using System;"), 0, startLimit);
                if (startError is not null)
                {
                    throw new InvalidOperationException(leftBehind
                        ? $"The C# kernel did not start within {startLimit.TotalSeconds:0.###} s."
                        : $"The C# kernel did not start: {startError.Value}");
                }

                observer?.KernelStarted(languageVersion);
                (var result, leftBehind) = RunCells(notebook, Path.GetFileName(notebookPath), kernel, outputs, console, observer);
                observer?.RunFinished(result);
                return result;
            }
            finally
            {
                Environment.CurrentDirectory = previousDirectory;
                Environment.SetEnvironmentVariable(ExecutionSettings.QuickModeVariable, previousQuick);
                if (leftBehind)
                {
                    Interlocked.Increment(ref _cellsLeftBehind);
                    // The cell still occupies the kernel's thread; disposing would wait for it. Leave it behind
                    // (its events no longer reach any notebook) and dispose in the background.
                    _ = Task.Run(() => kernel?.Dispose());
                }
                else
                {
                    kernel?.Dispose();
                }
            }
        }
    }

    private (NotebookRunResult Result, bool TimedOut) RunCells(
        Notebook notebook, string notebookName, Kernel kernel, OutputCollector outputs, ConsoleCapture console, IExecutionObserver? observer)
    {
        var total = Stopwatch.StartNew();
        var codeCells = notebook.Cells.Count(cell => cell.IsCode);
        var executionCount = 0;
        int? failedCell = null;
        string? failure = null;
        var timedOut = false;
        foreach (var cell in notebook.Cells.Where(cell => cell.IsCode))
        {
            var code = cell.Source;
            if (failedCell is not null || string.IsNullOrWhiteSpace(code))
            {
                cell.ClearOutputs();
                continue;
            }

            executionCount++;
            observer?.CellStarting(cell);
            var watch = Stopwatch.StartNew();
            var command = new SubmitCode(code);
            outputs.Begin(command, executionCount, cell.Number);
            console.Reattach();
            var (error, cellTimedOut) = Submit(kernel, command, cell.Number, _settings.CellTimeout);
            timedOut |= cellTimedOut;
            var (cellOutputs, updatedCells) = outputs.End(error);
            cell.SetOutputs(cellOutputs, executionCount);
            observer?.CellFinished(cell);
            foreach (var updated in updatedCells)
            {
                observer?.CellFinished(notebook.Cells[updated - 1]); // a display it showed was updated by this cell
            }

            if (error is not null)
            {
                failedCell = cell.Number;
                failure = $"cell {cell.Number}: {error.Name}: {error.Value}";
            }

            _settings.Progress?.WriteLine(
                $"{notebookName}: cell {cell.Number} ({executionCount}/{codeCells} code cells) " +
                $"{(error is null ? "done" : "FAILED")} in {watch.Elapsed.TotalSeconds:F1} s");
        }

        return (new NotebookRunResult(executionCount, failedCell, failure, total.Elapsed), timedOut);
    }

    // Sends the cell to the kernel and waits at most the cell timeout, which also bounds formatting the
    // cell's values (the kernel formats them before the command completes).
    private static (CellError? Error, bool TimedOut) Submit(Kernel kernel, SubmitCode command, int cellNumber, TimeSpan limit)
    {
        var sent = Task.Run(() => kernel.SendAsync(command));
        try
        {
            if (!sent.Wait(limit))
            {
                _ = Task.Run(() => kernel.SendAsync(new Cancel())); // asks politely; a cell that ignores it is left behind
                return (CellError.Timeout(cellNumber, limit), true);
            }
        }
        catch (AggregateException e)
        {
            return (CellError.Describe(new CommandFailed(e.InnerException ?? e, command), cellNumber), false);
        }

        var failed = sent.Result.Events.OfType<CommandFailed>().LastOrDefault();
        return (failed is null ? null : CellError.Describe(failed, cellNumber), false);
    }
}
