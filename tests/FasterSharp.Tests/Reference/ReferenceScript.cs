using System.Diagnostics;

namespace FasterSharp.Tests.Reference;

/// <summary>Runs a script of tests/reference with Debian's PyTorch into a fresh temporary folder (deleted
/// when the test process exits).</summary>
internal static class ReferenceScript
{
    /// <summary>The Python that has Debian's python3-torch (not a pyenv/venv python3 on the PATH).</summary>
    public const string Python = "/usr/bin/python3";

    private const string SetupHint = "Run: sudo bash environment/setup.sh (it installs python3-torch).";

    /// <summary>The repository root: the nearest folder above the test assembly holding Notebooks.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Notebooks.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs <c>tests/reference/<paramref name="scriptName"/> OUTDIR</c> and returns OUTDIR.</summary>
    public static string Run(string scriptName, TimeSpan timeout)
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"The PyTorch reference tests need {Python} with torch, and it is missing. {SetupHint}");
        var script = Path.Combine(RepositoryRoot(), "tests", "reference", scriptName);
        var outDir = Directory.CreateTempSubdirectory("fastersharp-reference-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(outDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(outDir);
        // Keep the fixtures independent of the caller's Python settings.
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {timeout}");
        }
        var errors = stderr.Result;
        if (process.ExitCode != 0)
        {
            if (errors.Contains("No module named 'torch'", StringComparison.Ordinal))
                throw new InvalidOperationException($"{Python} cannot import torch. {SetupHint}");
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{errors}\n{stdout.Result}");
        }
        return outDir;
    }
}
