using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookRunner;

/// <summary>
/// Runs the code cells of a notebook in order in one Roslyn script state and stores their outputs in the
/// notebook: console output as <c>stream</c>, <c>display(x)</c> as <c>display_data</c>, a trailing
/// expression as <c>execute_result</c>, an exception as <c>error</c>. The first failing cell stops the run;
/// the cells after it are left without outputs. Markdown and raw cells are not touched.
/// </summary>
/// <remarks>
/// The console and the environment are process-wide, so notebooks run one at a time per process
/// (concurrent calls wait for each other).
/// </remarks>
public sealed class NotebookExecutor(ExecutionSettings settings)
{
    /// <summary>Namespaces every cell sees without a <c>using</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Linq", "System.Collections.Generic", "System.IO", "System.Threading.Tasks"];

    /// <summary>The C# language version cells are compiled with, as written into the notebook metadata.</summary>
    public static string LanguageVersionText { get; } =
        LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString();

    private static readonly object ProcessWideGate = new();

    // One pair per process: libraries that cache Console.Out during one notebook (e.g. a console UI
    // library) still write into the running cell of the next one.
    private static readonly CellConsoleWriter StandardOutput = new("stdout", TextWriter.Null);
    private static readonly CellConsoleWriter StandardError = new("stderr", TextWriter.Null);

    private readonly ExecutionSettings _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>
    /// Executes <paramref name="notebook"/> and replaces the outputs of its code cells. The notebook is
    /// normalized to nbformat 4.5 with the C# kernel metadata first.
    /// </summary>
    /// <param name="notebook">The notebook to run; its outputs are changed in place.</param>
    /// <param name="notebookPath">Where the notebook lives: <c>#r</c> and <c>#load</c> paths are relative to its folder.</param>
    /// <returns>Which cell failed, if any, and how long the run took.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NotebookRunResult Run(Notebook notebook, string notebookPath)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentException.ThrowIfNullOrWhiteSpace(notebookPath);
        notebookPath = Path.GetFullPath(notebookPath);
        notebook.Normalize(LanguageVersionText);

        lock (ProcessWideGate)
        {
            var previousOut = Console.Out;
            var previousError = Console.Error;
            var stdout = StandardOutput;
            var stderr = StandardError;
            stdout.Fallback = previousOut;
            stderr.Fallback = previousError;
            var previousQuick = Environment.GetEnvironmentVariable(ExecutionSettings.QuickModeVariable);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.SetEnvironmentVariable(ExecutionSettings.QuickModeVariable, _settings.Quick ? "1" : null);
            try
            {
                return RunCells(notebook, notebookPath, stdout, stderr);
            }
            finally
            {
                stdout.Cell = null;
                stderr.Cell = null;
                Console.SetOut(previousOut);
                Console.SetError(previousError);
                Environment.SetEnvironmentVariable(ExecutionSettings.QuickModeVariable, previousQuick);
            }
        }
    }

    private NotebookRunResult RunCells(Notebook notebook, string notebookPath, CellConsoleWriter stdout, CellConsoleWriter stderr)
    {
        var total = Stopwatch.StartNew();
        var folder = Path.GetDirectoryName(notebookPath)!;
        var baseOptions = CreateOptions(folder);
        var globals = new ScriptGlobals();
        var codeCells = notebook.Cells.Count(cell => cell.IsCode);
        var notebookName = Path.GetFileName(notebookPath);
        ScriptState<object>? state = null;
        var executionCount = 0;
        int? failedCell = null;
        string? failure = null;

        foreach (var cell in notebook.Cells.Where(cell => cell.IsCode))
        {
            var code = cell.Source;
            if (failedCell is not null || string.IsNullOrWhiteSpace(code))
            {
                cell.ClearOutputs();
                continue;
            }

            executionCount++;
            var outputs = new CellOutputs();
            stdout.Cell = stderr.Cell = globals.Cell = outputs;
            var watch = Stopwatch.StartNew();
            var options = baseOptions.WithFilePath(Path.Combine(folder, $"{notebookName}:cell{cell.Number}"));
            var outcome = RunCell(code, state, options, globals, cell.Number);
            if (outcome.State is not null)
            {
                state = outcome.State;
            }

            var error = outcome.Error;
            if (error is null && outcome.State?.ReturnValue is { } value)
            {
                try
                {
                    outputs.AddExecuteResult(DisplayFormatter.Format(value), executionCount);
                }
                catch (Exception e)
                {
                    error = e;
                }
            }

            // Text written after this point (e.g. by a cell's leftover threads) goes to the real console.
            stdout.Cell = stderr.Cell = globals.Cell = null;
            if (error is not null)
            {
                var report = CellError.Describe(error, cell.Number);
                outputs.AddError(report.Name, report.Value, report.Traceback);
                failedCell = cell.Number;
                failure = $"cell {cell.Number}: {report.Name}: {report.Value}";
            }

            cell.SetOutputs(outputs.ToJson(), executionCount);
            _settings.Progress?.WriteLine(
                $"{notebookName}: cell {cell.Number} ({executionCount}/{codeCells} code cells) " +
                $"{(error is null ? "done" : "FAILED")} in {watch.Elapsed.TotalSeconds:F1} s");
        }

        return new NotebookRunResult(executionCount, failedCell, failure, total.Elapsed);
    }

    private CellOutcome RunCell(string code, ScriptState<object>? state, ScriptOptions options, ScriptGlobals globals, int cellNumber)
    {
        using var cancellation = new CancellationTokenSource();
        var completion = new TaskCompletionSource<ScriptState<object>>(TaskCreationOptions.RunContinuationsAsynchronously);

        // A thread of its own, so a cell that never returns can be abandoned at the timeout.
        var thread = new Thread(() =>
        {
            try
            {
                // From a stream, so the source has an encoding and debug information (line numbers) can be emitted.
                using var source = new MemoryStream(Encoding.UTF8.GetBytes(code));
                var task = state is null
                    ? CSharpScript.Create<object>(source, options, typeof(ScriptGlobals)).RunAsync(globals, cancellation.Token)
                    : state.Script.ContinueWith<object>(source, options).RunFromAsync(state, cancellation.Token);
                completion.TrySetResult(task.GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"notebook cell {cellNumber}",
        };
        thread.Start();

        bool finished;
        try
        {
            finished = completion.Task.Wait(_settings.CellTimeout);
        }
        catch (AggregateException)
        {
            finished = true;
        }

        if (!finished)
        {
            cancellation.Cancel();
            return new CellOutcome(null, new TimeoutException(
                $"Cell {cellNumber} did not finish within the cell timeout of {_settings.CellTimeout.TotalSeconds:0.###} s (--timeout); the run was stopped."));
        }

        return completion.Task.IsCompletedSuccessfully
            ? new CellOutcome(completion.Task.Result, null)
            : new CellOutcome(null, completion.Task.Exception!.InnerException ?? completion.Task.Exception);
    }

    private static ScriptOptions CreateOptions(string folder) =>
        ScriptOptions.Default
            .WithImports(DefaultImports)
            .AddReferences(typeof(ScriptGlobals).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(folder))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(true)
            .WithAllowUnsafe(true);

    private sealed record CellOutcome(ScriptState<object>? State, Exception? Error);
}
