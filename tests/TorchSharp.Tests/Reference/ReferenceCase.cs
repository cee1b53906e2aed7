using System.Text.Json;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Reference;

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
        Description = manifestEntry.GetProperty("description").GetString()!;
        Rtol = manifestEntry.GetProperty("rtol").GetDouble();
        Atol = manifestEntry.GetProperty("atol").GetDouble();
        Parameters = manifestEntry.GetProperty("params").Clone();
    }

    /// <summary>The case name (the file name without .dat).</summary>
    public string Name { get; }

    /// <summary>layer, loss, optimizer, lr_schedule, svd or format.</summary>
    public string Kind { get; }

    /// <summary>What PyTorch computed, in words.</summary>
    public string Description { get; }

    /// <summary>Recommended relative tolerance: |actual − expected| ≤ Atol + Rtol·|expected|.</summary>
    public double Rtol { get; }

    /// <summary>Recommended absolute tolerance.</summary>
    public double Atol { get; }

    /// <summary>The case's settings (stride, lr, reduction, …) as written in manifest.json.</summary>
    public JsonElement Parameters { get; }

    /// <summary>The names of the tensors in the file.</summary>
    public IReadOnlyCollection<string> Keys => _tensors.Keys;

    /// <summary>The tensor stored under <paramref name="key"/> (owned by this case: do not dispose it).</summary>
    public Tensor this[string key] => _tensors.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"reference case {Name} has no tensor '{key}'; it has: {string.Join(", ", _tensors.Keys)}");

    /// <summary>True when the file holds <paramref name="key"/>.</summary>
    public bool Contains(string key) => _tensors.ContainsKey(key);

    /// <summary>Asserts that <paramref name="actual"/> matches the tensor stored under <paramref name="key"/>
    /// within this case's tolerances (or the given ones).</summary>
    public void AssertClose(string key, Tensor actual, double? rtol = null, double? atol = null) =>
        ReferenceAssert.Close(this[key], actual, rtol ?? Rtol, atol ?? Atol, $"{Name}/{key}");

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
