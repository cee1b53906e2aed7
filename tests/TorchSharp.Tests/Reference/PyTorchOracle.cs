using System.Text.Json;

namespace TorchSharp.Tests.Reference;

/// <summary>Runs tests/reference/make_parity_fixtures.py with Debian's PyTorch once per test run (on first
/// use) into a temporary folder, and loads its cases. A missing /usr/bin/python3 or torch fails every
/// parity test with the same message, naming the set-up command.</summary>
internal static class PyTorchOracle
{
    /// <summary>The Python that has Debian's python3-torch (not a pyenv/venv python3 on the PATH).</summary>
    public const string Python = ReferenceScript.Python;

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
    public static string RepositoryRoot() => ReferenceScript.RepositoryRoot();

    private static (string, JsonDocument) Generate()
    {
        var outDir = ReferenceScript.Run("make_parity_fixtures.py", TimeSpan.FromMinutes(3));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        return (outDir, manifest);
    }
}
