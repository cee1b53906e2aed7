using System.Text.Json;

namespace FasterSharp.Tests.Reference;

/// <summary>Runs tests/reference/make_parity_fixtures.py with Debian's PyTorch once per test run (on first
/// use) into a temporary folder, and loads its cases. A missing /usr/bin/python3 or torch fails every
/// oracle test with the same message, naming the set-up command.</summary>
internal static class PyTorchOracle
{
    private static readonly Lazy<(string Directory, JsonDocument Manifest)> Fixtures =
        new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding the generated files and manifest.json.</summary>
    public static string FixtureDirectory => Fixtures.Value.Directory;

    /// <summary>The names of all generated cases.</summary>
    public static IReadOnlyList<string> CaseNames =>
        Fixtures.Value.Manifest.RootElement.GetProperty("cases").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>The names of the generated cases of one kind (layer, loss, optimizer, state, format).</summary>
    public static IReadOnlyList<string> CasesOfKind(string kind) =>
        Fixtures.Value.Manifest.RootElement.GetProperty("cases").EnumerateObject()
            .Where(p => p.Value.GetProperty("kind").GetString() == kind).Select(p => p.Name).ToList();

    /// <summary>The path of a file the script wrote (a case's .dat, or another file a case names).</summary>
    public static string PathOf(string fileName) => Path.Combine(FixtureDirectory, fileName);

    /// <summary>Loads one case (tensors plus tolerances and settings); dispose it when done.</summary>
    public static ReferenceCase Load(string caseName)
    {
        var cases = Fixtures.Value.Manifest.RootElement.GetProperty("cases");
        if (!cases.TryGetProperty(caseName, out var entry))
            throw new ArgumentException($"no reference case '{caseName}'; known: {string.Join(", ", CaseNames)}", nameof(caseName));
        return new ReferenceCase(caseName, ReferenceFile.Load(PathOf(caseName + ".dat")), entry);
    }

    /// <summary>Asserts that the cases a test class covers are exactly the generated cases of a kind, so a
    /// case added to (or renamed in) make_parity_fixtures.py cannot go untested.</summary>
    public static void AssertCovers(string kind, string testClass, params IEnumerable<object[]>[] theoryData)
    {
        var tested = theoryData.SelectMany(rows => rows).Select(row => (string)row[0]).Order().ToList();
        Assert.True(CasesOfKind(kind).Order().SequenceEqual(tested),
            $"{testClass}: fixture cases of kind '{kind}' [{string.Join(", ", CasesOfKind(kind).Order())}] " +
            $"differ from the tested cases [{string.Join(", ", tested)}]");
    }

    private static (string, JsonDocument) Generate()
    {
        var outDir = ReferenceScript.Run("make_parity_fixtures.py", TimeSpan.FromMinutes(3));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        return (outDir, manifest);
    }
}
