namespace NotebookRunner;

/// <summary>Entry point: <c>NotebookRunner [--quick] [--out DIR] [--html DIR] [--timeout SECONDS] notebook.ipynb...</c>.</summary>
public static class Program
{
    /// <summary>Runs the notebooks named on the command line; see <see cref="RunnerCommand.Run"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The process exit code.</returns>
    public static int Main(string[] args) => RunnerCommand.Run(args, Console.Error);
}
