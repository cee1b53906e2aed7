using System.Diagnostics;
using System.Text.Json;

namespace TorchSharp.Tests.Reference;

/// <summary>Runs tests/reference/make_parity_fixtures.py with Debian's PyTorch once per test run (on first
/// use) into a temporary folder, and loads its cases. A missing /usr/bin/python3 or torch fails every
/// parity test with the same message, naming the set-up command.</summary>
internal static class PyTorchOracle
{
    /// <summary>The Python that has Debian's python3-torch (not a pyenv/venv python3 on the PATH).</summary>
    public const string Python = "/usr/bin/python3";

    private const string SetupHint = "Run: sudo bash environment/setup.sh (it installs python3-torch).";

    private static readonly Lazy<(string Directory, JsonDocument Manifest)> Fixtures =
        new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding the generated .dat files and manifest.json.</summary>
    public static string FixtureDirectory => Fixtures.Value.Directory;

    /// <summary>The names of all generated cases.</summary>
    public static IReadOnlyList<string> CaseNames =>
        Fixtures.Value.Manifest.RootElement.GetProperty("cases").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>The names of the generated cases of one kind (layer, loss, optimizer, lr_schedule, svd, format).</summary>
    public static IReadOnlyList<string> CasesOfKind(string kind) =>
        Fixtures.Value.Manifest.RootElement.GetProperty("cases").EnumerateObject()
            .Where(p => p.Value.GetProperty("kind").GetString() == kind).Select(p => p.Name).ToList();

    /// <summary>The path of a case's .dat file.</summary>
    public static string PathOf(string caseName) => Path.Combine(FixtureDirectory, caseName + ".dat");

    /// <summary>Loads one case (tensors plus tolerances); dispose it when done.</summary>
    public static ReferenceCase Load(string caseName)
    {
        var cases = Fixtures.Value.Manifest.RootElement.GetProperty("cases");
        if (!cases.TryGetProperty(caseName, out var entry))
            throw new ArgumentException($"no reference case '{caseName}'; known: {string.Join(", ", CaseNames)}", nameof(caseName));
        return new ReferenceCase(caseName, ReferenceFile.Load(PathOf(caseName)), entry);
    }

    /// <summary>The repository root: the nearest folder above the test assembly holding Notebooks.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Notebooks.sln above {AppContext.BaseDirectory}");
    }

    private static (string, JsonDocument) Generate()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"The PyTorch reference tests need {Python} with torch, and it is missing. {SetupHint}");
        var script = Path.Combine(RepositoryRoot(), "tests", "reference", "make_parity_fixtures.py");
        var outDir = Directory.CreateTempSubdirectory("torchsharp-parity-").FullName;
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
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 3 minutes");
        }
        var errors = stderr.Result;
        if (process.ExitCode != 0)
        {
            if (errors.Contains("No module named 'torch'", StringComparison.Ordinal))
                throw new InvalidOperationException($"{Python} cannot import torch. {SetupHint}");
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{errors}\n{stdout.Result}");
        }
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        return (outDir, manifest);
    }
}
