using System.Runtime.InteropServices;

namespace NotebookRunner;

/// <summary>
/// The worker side of <see cref="WorkerProcess"/>: <c>NotebookRunner --worker JOURNAL [options] notebook.ipynb</c> runs
/// one notebook on a kernel in this process and reports to the journal file (<see cref="WorkerJournal"/>); the runner
/// that started it writes the notebook. Not meant to be typed by hand.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The first argument that makes the program a worker.</summary>
    public const string Flag = "--worker";

    /// <summary>Runs the notebook and records the run.</summary>
    /// <param name="args">The arguments after <see cref="Flag"/>: the journal path, then runner options and one notebook.</param>
    /// <param name="log">Where the per-cell progress lines go (the worker's standard error, which the runner copies).</param>
    /// <returns>0 once the journal is complete; 2 for arguments the runner would never pass.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(log);
        RunnerOptions options;
        try
        {
            options = args.Count >= 2 ? RunnerOptions.Parse(args.Skip(1).ToList()) : throw new ArgumentException("No journal and notebook given.", nameof(args));
            if (options.Notebooks.Count != 1)
            {
                throw new ArgumentException($"A worker runs one notebook, got {options.Notebooks.Count}.", nameof(args));
            }
        }
        catch (ArgumentException e)
        {
            log.WriteLine($"NotebookRunner {Flag}: {e.Message}");
            return RunnerCommand.UsageError;
        }

        EndWithParent(args[0]);
        var path = options.Notebooks[0];
        using var journal = new WorkerJournal(args[0]);
        var executor = new NotebookExecutor(new ExecutionSettings
        {
            Quick = options.Quick,
            CellTimeout = options.CellTimeout,
            MaxCellOutputBytes = options.MaxCellOutputBytes,
            Progress = log,
        });
        Notebook notebook;
        try
        {
            notebook = Notebook.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            journal.RunFailed(e.Message); // the file changed since the runner read it
            return RunnerCommand.Success;
        }

        try
        {
            executor.Run(notebook, path, journal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a failing cell (those are error outputs) but the kernel itself.
            journal.RunFailed($"the kernel failed: {e.GetType().FullName}: {e.Message}");
        }

        return RunnerCommand.Success;
    }

    // A runner that is killed cannot stop its worker, which would run the rest of the notebook for no one, nor delete
    // the journal. On Unix an orphan is handed to another parent: watch for that, delete the journal and end. (Not on
    // Windows, which has no such parent change.)
    private static void EndWithParent(string journal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var parent = ParentProcessId();
        new Thread(() =>
        {
            while (ParentProcessId() == parent)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }

            File.Delete(journal);
            ImmediateExit.Now(RunnerCommand.NotebookFailed);
        })
        {
            IsBackground = true,
            Name = "NotebookRunner parent watch",
        }.Start();
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int ParentProcessId();
}
