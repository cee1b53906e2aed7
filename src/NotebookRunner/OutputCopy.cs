namespace NotebookRunner;

/// <summary>Copies a worker's standard output or error to the runner's log as it comes, in chunks (a line that never
/// ends cannot fill memory), watching for the runtime's stack overflow message.</summary>
internal static class OutputCopy
{
    // What the .NET runtime prints on standard error before it aborts the process for a stack overflow.
    private const string StackOverflowMessage = "Stack overflow.";

    /// <summary>Starts copying <paramref name="source"/> into <paramref name="log"/> until its end.</summary>
    /// <returns>A task that ends with the source (or when it is closed under it) and tells whether the stack overflow
    /// message went by.</returns>
    public static Task<bool> Start(StreamReader source, TextWriter log) => Task.Run(async () =>
    {
        var buffer = new char[8192];
        var tail = ""; // the end of the previous chunk, so a message split between two chunks is still seen
        var stackOverflow = false;
        try
        {
            int count;
            while ((count = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                var text = new string(buffer, 0, count);
                log.Write(text);
                var joined = tail + text;
                stackOverflow |= joined.Contains(StackOverflowMessage, StringComparison.Ordinal);
                tail = joined[^Math.Min(joined.Length, StackOverflowMessage.Length - 1)..];
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The runner stopped waiting for a pipe that a process the cell started kept open.
        }

        return stackOverflow;
    });
}
