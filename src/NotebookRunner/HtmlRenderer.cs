using System.Diagnostics;

namespace NotebookRunner;

/// <summary>Renders a notebook to HTML with Debian's <c>jupyter-nbconvert</c> (package jupyter-nbconvert),
/// then inlines plotly.js (<see cref="PlotlyEmbedding"/>) so its figures draw offline.</summary>
public static class HtmlRenderer
{
    private const string NbConvert = "/usr/bin/jupyter-nbconvert";
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Writes <c>&lt;name&gt;.html</c> for <paramref name="notebookPath"/> into <paramref name="htmlDirectory"/>.</summary>
    /// <param name="notebookPath">The executed notebook.</param>
    /// <param name="htmlDirectory">Destination folder; created if missing.</param>
    /// <returns>Path of the HTML file.</returns>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    /// <exception cref="InvalidOperationException">plotly.js is not installed (the message names
    /// <c>bash environment/setup.sh</c>), nbconvert is missing, failed, or took longer than 5 minutes.</exception>
    public static string Render(string notebookPath, string htmlDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notebookPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(htmlDirectory);
        var plotlyScript = PlotlyEmbedding.RequireScript();
        Directory.CreateDirectory(htmlDirectory);
        var start = File.Exists(NbConvert)
            ? new ProcessStartInfo(NbConvert)
            : File.Exists(Python)
                ? new ProcessStartInfo(Python) { ArgumentList = { "-m", "nbconvert" } }
                : throw new InvalidOperationException(
                    $"Cannot render HTML: neither {NbConvert} nor {Python} exists (install Debian's jupyter-nbconvert: bash environment/setup.sh).");
        foreach (var argument in new[] { "--to", "html", "--output-dir", Path.GetFullPath(htmlDirectory), Path.GetFullPath(notebookPath) })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"jupyter-nbconvert did not finish within {Limit.TotalMinutes} minutes for '{notebookPath}'.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"jupyter-nbconvert failed (exit {process.ExitCode}) for '{notebookPath}':\n{errors.Result}{output.Result}");
        }

        var htmlPath = Path.Combine(Path.GetFullPath(htmlDirectory), Path.GetFileNameWithoutExtension(notebookPath) + ".html");
        try
        {
            PlotlyEmbedding.EmbedInto(htmlPath, plotlyScript);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"Could not inline plotly.js into '{htmlPath}': {e.Message}", e);
        }

        return htmlPath;
    }
}
