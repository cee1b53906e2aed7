using System.Text.Json;

namespace NotebookRunner;

/// <summary>The NotebookRunner command: runs notebooks, saves them, optionally renders HTML.</summary>
public static class RunnerCommand
{
    /// <summary>Exit code when every notebook ran without error.</summary>
    public const int Success = 0;

    /// <summary>Exit code when a notebook failed: a cell threw, timed out or ended the process running the notebook, the
    /// file could not be read, or it is not a C# notebook.</summary>
    public const int NotebookFailed = 1;

    /// <summary>Exit code for a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs every notebook on the command line in turn, each on its own kernel in its own worker process
    /// (<see cref="WorkerProcess"/>), so a cell that ends or breaks its process fails only its notebook. A notebook is
    /// written (atomically, in place or into <c>--out</c>) after its run whether it failed or not, so the
    /// error output is kept; HTML is rendered only for notebooks that succeeded.
    /// </summary>
    /// <param name="args">The command line (see <see cref="RunnerOptions.Usage"/>).</param>
    /// <param name="log">Where progress and errors go (the process's standard error).</param>
    /// <returns><see cref="Success"/>, <see cref="NotebookFailed"/> or <see cref="UsageError"/>.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        RunnerOptions options;
        try
        {
            options = RunnerOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            log.WriteLine($"NotebookRunner: {e.Message.Replace($" (Parameter '{nameof(args)}')", "")}");
            log.WriteLine(RunnerOptions.Usage);
            return UsageError;
        }

        var failures = 0;
        foreach (var input in options.Notebooks)
        {
            if (!RunOne(input, options, log))
            {
                failures++;
            }
        }

        log.WriteLine($"NotebookRunner: {options.Notebooks.Count - failures} of {options.Notebooks.Count} notebook(s) succeeded " +
                      $"({(options.Quick ? "quick" : "full")} mode).");
        return failures == 0 ? Success : NotebookFailed;
    }

    private static bool RunOne(string input, RunnerOptions options, TextWriter log)
    {
        Notebook notebook;
        try
        {
            notebook = Notebook.Load(input);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or JsonException)
        {
            log.WriteLine($"NotebookRunner: {e.Message}");
            return false;
        }

        var destination = options.OutputDirectory is null
            ? input
            : Path.Combine(options.OutputDirectory, Path.GetFileName(input));
        NotebookRunResult result;
        try
        {
            var worker = WorkerProcess.Run(input, options, log);
            if (worker.Report.RunFailure is { } failure)
            {
                log.WriteLine($"NotebookRunner: {input}: {failure}; the file was left as it was.");
                return false;
            }

            result = worker.ApplyTo(notebook);
            if (worker.Report.Result is not null && !worker.EndedNormally)
            {
                log.WriteLine($"NotebookRunner: {input}: after the run, the process running it ended with {worker.HowItEnded()}; the run itself was complete.");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // The worker did not start, or ended before there was anything to write: keep the file as it was.
            log.WriteLine($"NotebookRunner: {input}: {e.Message} The file was left as it was.");
            return false;
        }

        try
        {
            notebook.Save(destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"NotebookRunner: could not write '{destination}': {e.Message}");
            return false;
        }

        if (!result.Succeeded)
        {
            log.WriteLine($"NotebookRunner: {input} FAILED at {result.Error} (saved to {destination})");
            return false;
        }

        log.WriteLine($"NotebookRunner: {input} ran {result.CellsExecuted} code cell(s) in {result.Elapsed.TotalSeconds:F1} s; saved to {destination}");
        if (options.HtmlDirectory is not null)
        {
            try
            {
                log.WriteLine($"NotebookRunner: rendered {HtmlRenderer.Render(destination, options.HtmlDirectory)}");
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                log.WriteLine($"NotebookRunner: {e.Message}");
                return false;
            }
        }

        return true;
    }
}
