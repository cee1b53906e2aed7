using System.Runtime.InteropServices;

namespace NotebookRunner;

/// <summary>Ends the process at once, without waiting for its threads or running exit handlers.</summary>
internal static class ImmediateExit
{
    /// <summary>
    /// Flushes the console and ends the process with <paramref name="exitCode"/>. A normal exit would wait for the
    /// foreground threads a cell started (forever, for some), and after a timed-out cell that is still inside native
    /// code (a LibTorch kernel on OpenMP threads) it runs the native libraries' exit handlers and static destructors
    /// under it, and the process dies of a segmentation fault. So: <c>_exit</c> on Unix; on Windows
    /// <c>Environment.Exit</c>, whose ExitProcess terminates the other threads first.
    /// </summary>
    /// <param name="exitCode">The process exit code.</param>
    public static void Now(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsWindows())
        {
            Environment.Exit(exitCode);
        }

        UnixExit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void UnixExit(int status);
}
