using System.Text.Json;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Reference;

/// <summary>One PyTorch reference case: its tensors (see the key list at the top of
/// tests/reference/make_parity_fixtures.py) and the manifest's tolerances and settings.
/// Disposing it disposes the tensors.</summary>
internal sealed class ReferenceCase : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    public ReferenceCase(string name, Dictionary<string, Tensor> tensors, JsonElement manifestEntry)
    {
        Name = name;
        _tensors = tensors;
        Kind = manifestEntry.GetProperty("kind").GetString()!;
        Rtol = manifestEntry.GetProperty("rtol").GetDouble();
        Atol = manifestEntry.GetProperty("atol").GetDouble();
        Parameters = manifestEntry.GetProperty("params").Clone();
    }

    /// <summary>The case name (the file name without .dat).</summary>
    public string Name { get; }

    /// <summary>layer, loss, optimizer, state or format.</summary>
    public string Kind { get; }

    /// <summary>The script's relative tolerance: |actual − expected| ≤ Atol + Rtol·|expected|.</summary>
    public double Rtol { get; }

    /// <summary>The script's absolute tolerance.</summary>
    public double Atol { get; }

    /// <summary>The case's settings (stride, lr, reduction, …) as written in manifest.json.</summary>
    public JsonElement Parameters { get; }

    /// <summary>The tensor stored under <paramref name="key"/> (owned by this case: do not dispose it).</summary>
    public Tensor this[string key] => _tensors.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"reference case {Name} has no tensor '{key}'; it has: {string.Join(", ", _tensors.Keys)}");

    /// <summary>True when the file holds <paramref name="key"/>.</summary>
    public bool Contains(string key) => _tensors.ContainsKey(key);

    /// <summary>A tensor's elements as int64 (strides, paddings, …).</summary>
    public long[] Longs(string key)
    {
        using var longs = this[key].to_type(ScalarType.Int64);
        return longs.data<long>().ToArray();
    }

    /// <summary>Asserts that <paramref name="actual"/> matches the tensor stored under <paramref name="key"/>
    /// within the given tolerances.</summary>
    public void AssertClose(string key, Tensor actual, double rtol, double atol) =>
        ReferenceAssert.Close(this[key], actual, rtol, atol, $"{Name}/{key}");

    /// <summary>Asserts that the test's stated tolerance is the one the script recommends for this case.</summary>
    public void AssertTolerance(double rtol, double atol) =>
        Assert.True((rtol, atol) == (Rtol, Atol), $"{Name}: the test uses rtol {rtol}, atol {atol}; manifest.json says {Rtol}, {Atol}");

    /// <summary>A number setting; <paramref name="fallback"/> when the case does not state it.</summary>
    public double Double(string key, double fallback) =>
        Parameters.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;

    /// <summary>A required number setting.</summary>
    public double Double(string key) => Required(key).GetDouble();

    /// <summary>A boolean setting; <paramref name="fallback"/> when the case does not state it.</summary>
    public bool Bool(string key, bool fallback) =>
        Parameters.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;

    /// <summary>A required string setting.</summary>
    public string String(string key) => Required(key).GetString()!;

    /// <summary>A list-of-numbers setting, or null when the case does not state it.</summary>
    public double[]? Doubles(string key) =>
        Parameters.TryGetProperty(key, out var v) ? v.EnumerateArray().Select(e => e.GetDouble()).ToArray() : null;

    /// <summary>A required list-of-strings setting.</summary>
    public string[] Strings(string key) => Required(key).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private JsonElement Required(string key) =>
        Parameters.TryGetProperty(key, out var v) ? v
            : throw new KeyNotFoundException($"reference case {Name} has no setting '{key}' in manifest.json");

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
