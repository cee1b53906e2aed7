using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>Debian's nbformat as the oracle for written notebooks. Shared with Tutorials.Tests (linked source).</summary>
internal static class NbformatValidator
{
    /// <summary>Validates a file on the raw JSON (which nbformat.read would repair, e.g. missing cell ids) and
    /// as read; warnings count as failures. Returns (exit code, output).</summary>
    public static (int ExitCode, string Output) Validate(string path)
    {
        const string script =
            """
            import json, sys, nbformat
            nbformat.validate(json.load(open(sys.argv[1], encoding="utf-8")))
            nbformat.validate(nbformat.read(sys.argv[1], as_version=4))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-W", "error", "-c", script, path },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
