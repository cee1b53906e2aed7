using TorchSharp.Modules;

namespace FasterSharp.Learning;

/// <summary>The model's parameters, by object identity, with the shapes they had when the learner's optimizer was made
/// over them. The optimizer keys its state by each parameter's native handle, so a parameter that was replaced (the
/// old one disposed, a new one registered), added or resized is one it cannot step.</summary>
internal sealed class ParameterSnapshot
{
    private readonly Dictionary<Parameter, long[]> _shapes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Records <paramref name="parameters"/> and their shapes now.</summary>
    public ParameterSnapshot(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters) _shapes.TryAdd(p, p.shape);
    }

    /// <summary>Whether <paramref name="parameter"/> was one of the recorded parameters.</summary>
    public bool Contains(Parameter parameter) => _shapes.ContainsKey(parameter);

    /// <summary>Whether <paramref name="current"/> are the recorded parameters, in any order, each alive and (with
    /// <paramref name="checkShapes"/>) of its recorded shape. Without shapes it is one dictionary lookup per parameter
    /// and no native call, cheap enough for every step: the tools that change a model (Pruner, BatchNormFolder,
    /// LinearDecomposer) register new parameter objects rather than resizing the old ones.</summary>
    public bool Matches(IReadOnlyList<Parameter> current, bool checkShapes = true)
    {
        if (current.Count != _shapes.Count) return false;
        foreach (var p in current)
        {
            if (p.IsInvalid || !_shapes.TryGetValue(p, out var shape)) return false;
            if (checkShapes && !shape.AsSpan().SequenceEqual(p.shape)) return false;
        }
        return true;
    }

    /// <summary>What differs between the recorded parameters and <paramref name="current"/>, e.g. "2 no longer in the
    /// model, 2 new".</summary>
    public string Describe(IReadOnlyList<Parameter> current)
    {
        var now = current.ToHashSet<Parameter>(ReferenceEqualityComparer.Instance);
        var gone = _shapes.Keys.Count(p => !now.Contains(p) || p.IsInvalid);
        var added = current.Count(p => !_shapes.ContainsKey(p));
        var resized = current.Count(p => !p.IsInvalid && _shapes.TryGetValue(p, out var shape) && !shape.AsSpan().SequenceEqual(p.shape));
        var parts = new List<string>();
        if (gone > 0) parts.Add($"{gone} no longer in the model");
        if (added > 0) parts.Add($"{added} new");
        if (resized > 0) parts.Add($"{resized} resized");
        return parts.Count == 0 ? "none changed" : string.Join(", ", parts);
    }
}
