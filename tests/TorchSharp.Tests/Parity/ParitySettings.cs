using System.Text.Json;
using TorchSharp.Tests.Reference;

namespace TorchSharp.Tests.Parity;

/// <summary>Typed reads of a reference case's manifest "params" (the settings PyTorch ran with), and the
/// list of cases of one kind, so that each parity test class can check it covers every fixture.</summary>
internal static class ParitySettings
{
    public static double Double(this ReferenceCase c, string key, double fallback) =>
        c.Parameters.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;

    public static double Double(this ReferenceCase c, string key) => c.Required(key).GetDouble();

    public static int Int(this ReferenceCase c, string key, int fallback) =>
        c.Parameters.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;

    public static bool Bool(this ReferenceCase c, string key, bool fallback) =>
        c.Parameters.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;

    public static string String(this ReferenceCase c, string key) => c.Required(key).GetString()!;

    public static double[] Doubles(this ReferenceCase c, string key) =>
        c.Required(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static long[] Longs(this ReferenceCase c, string key) =>
        c.Required(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private static JsonElement Required(this ReferenceCase c, string key) =>
        c.Parameters.TryGetProperty(key, out var v) ? v
            : throw new KeyNotFoundException($"reference case {c.Name} has no setting '{key}' in manifest.json");

    /// <summary>Asserts that the test data of a theory names every fixture case of a kind (and no others),
    /// so a case added to make_parity_fixtures.py cannot go untested.</summary>
    public static void AssertCovers(IEnumerable<string> fixtureCases, string what, params IEnumerable<object[]>[] theoryData)
    {
        var tested = theoryData.SelectMany(rows => rows).Select(row => (string)row[0]).ToHashSet();
        var missing = fixtureCases.Where(n => !tested.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{what}: fixture cases without a parity test: {string.Join(", ", missing)}");
    }
}
