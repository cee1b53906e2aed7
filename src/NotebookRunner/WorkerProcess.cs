using System.Diagnostics;
using System.Globalization;

namespace NotebookRunner;

/// <summary>
/// Runs one notebook in a worker: a child process of this runner (<see cref="WorkerCommand"/>) that hosts the kernel,
/// so whatever a cell does to its process — a stack overflow, <c>Environment.Exit</c>, a native crash, a thread that
/// never ends, reading standard input — ends or blocks the worker, not the runner, and no notebook can leave state
/// behind for the next. The worker reports through a <see cref="WorkerJournal"/> file; its standard output and error
/// are copied to the runner's log; its standard input is empty.
/// </summary>
internal static class WorkerProcess
{
    /// <summary>How long the worker may go without a journal record beyond the limits it enforces itself (the cell
    /// timeout, the kernel's start limit) before it is taken to be stuck and killed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="notebookPath"/> in a worker and waits for it to end.</summary>
    /// <param name="notebookPath">The notebook (already checked by <see cref="Notebook.Load"/>).</param>
    /// <param name="options">The runner's options; the worker gets the ones that change a run.</param>
    /// <param name="log">Receives the worker's standard output and error.</param>
    /// <returns>What the worker reported and how it ended.</returns>
    /// <exception cref="InvalidOperationException">The worker could not be started.</exception>
    public static WorkerEnd Run(string notebookPath, RunnerOptions options, TextWriter log)
    {
        var journal = Path.Combine(Path.GetTempPath(), $"notebookrunner-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        try
        {
            var start = StartInfo([WorkerCommand.Flag, journal, .. WorkerArguments(options), Path.GetFullPath(notebookPath)]);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            process.StandardInput.Close(); // a cell reading the console sees its end, as in a Jupyter kernel
            var sharedLog = TextWriter.Synchronized(log);
            var copies = new[] { OutputCopy.Start(process.StandardOutput, sharedLog), OutputCopy.Start(process.StandardError, sharedLog) };
            var stuckFor = WaitWatchingJournal(process, journal, options.CellTimeout);
            // A process the cell started may hold the pipes open after the worker ended; do not wait for it.
            Task.WaitAll(copies, TimeSpan.FromSeconds(2));
            var stackOverflow = copies.Any(copy => copy.IsCompletedSuccessfully && copy.Result);
            return new WorkerEnd(WorkerReport.Read(journal), process.ExitCode, stackOverflow, stuckFor, clock.Elapsed);
        }
        finally
        {
            File.Delete(journal);
        }
    }

    // Returns null when the worker ended by itself, else how long it had been silent when it was killed.
    private static TimeSpan? WaitWatchingJournal(Process process, string journal, TimeSpan cellTimeout)
    {
        var silence = Stopwatch.StartNew();
        var length = 0L;
        while (!process.WaitForExit(200))
        {
            var now = File.Exists(journal) ? new FileInfo(journal).Length : 0;
            if (now != length)
            {
                length = now;
                silence.Restart();
            }

            // Until the first record the kernel is starting, which the worker allows at least NotebookExecutor.StartLimit.
            var limit = (length == 0 ? Max(cellTimeout, NotebookExecutor.StartLimit) : cellTimeout) + Grace;
            if (silence.Elapsed > limit)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return silence.Elapsed;
            }
        }

        process.WaitForExit(); // lets the exit code settle
        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static IEnumerable<string> WorkerArguments(RunnerOptions options)
    {
        if (options.Quick)
        {
            yield return "--quick";
        }

        yield return "--timeout";
        yield return options.CellTimeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        yield return "--max-cell-output";
        yield return options.MaxCellOutputBytes.ToString(CultureInfo.InvariantCulture);
    }

    // The worker is this same program, started the way this process was: by the same dotnet host (environment/dotnet's
    // private one on Debian 12, the only one that can load TorchSharp there) or as the same apphost.
    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var runner = typeof(WorkerProcess).Assembly.Location;
        var self = Environment.ProcessPath;
        var isAppHost = self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(runner);
        var isDotnetHost = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet";
        var start = new ProcessStartInfo(isAppHost || isDotnetHost ? self! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!isAppHost)
        {
            start.ArgumentList.Add(runner);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
