namespace NotebookRunner;

/// <summary>Entry point: <c>NotebookRunner [--quick] [--out DIR] [--html DIR] [--timeout SECONDS] [--max-cell-output BYTES] notebook.ipynb...</c>.</summary>
public static class Program
{
    /// <summary>Runs the notebooks named on the command line (see <see cref="RunnerCommand.Run"/>), or, started by the
    /// runner as <c>--worker</c>, one notebook for it (see <see cref="WorkerCommand"/>).</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The process exit code.</returns>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == WorkerCommand.Flag)
        {
            // The journal is complete; nothing else in a worker matters, and its cells may have left threads behind.
            ImmediateExit.Now(WorkerCommand.Run(args[1..], Console.Error));
        }

        return RunnerCommand.Run(args, Console.Error);
    }
}
