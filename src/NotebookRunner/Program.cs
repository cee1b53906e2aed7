using System.Runtime.InteropServices;

namespace NotebookRunner;

/// <summary>Entry point: <c>NotebookRunner [--quick] [--out DIR] [--html DIR] [--timeout SECONDS] notebook.ipynb...</c>.</summary>
public static class Program
{
    /// <summary>Runs the notebooks named on the command line; see <see cref="RunnerCommand.Run"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The process exit code.</returns>
    public static int Main(string[] args)
    {
        var exitCode = RunnerCommand.Run(args, Console.Error);
        if (NotebookExecutor.CellsLeftBehind > 0) ExitNow(exitCode);
        return exitCode;
    }

    // A timed-out cell may still be inside native code (a LibTorch kernel on OpenMP threads). A normal exit runs
    // the native libraries' exit handlers and static destructors under it, and the process then dies of a
    // segmentation fault instead of returning the exit code. Everything is saved and reported by now: flush the
    // console and end the process without those handlers (_exit on Unix; Windows' ExitProcess does not have this
    // problem with threads it terminates first).
    private static void ExitNow(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsWindows()) Environment.Exit(exitCode);
        UnixExit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void UnixExit(int status);
}
