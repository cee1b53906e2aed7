using static TorchSharp.torch;

namespace FasterSharp.Sparse;

public sealed partial class Sparsifier
{
    /// <summary>Prunes every layer the pattern applies to (input dimension a multiple of M) to N:M semi-structured
    /// sparsity: in each group of M consecutive input weights, the N with the highest <see cref="Criterion"/> scores
    /// (element scores, current mask applied) are kept and the others masked. The sparsifier's granularity and context
    /// play no part: the pattern is the granularity. The masks replace the layers' previous masks and are re-applied
    /// by <see cref="ApplyMasks"/> like any other, so fine-tuning keeps the pattern.</summary>
    /// <param name="pattern">The N:M pattern, e.g. <see cref="NMPattern.TwoFour"/> or <c>NMPattern.Parse("1:4")</c>.</param>
    /// <returns>The names of the layers pruned and of those left dense because the pattern does not apply to them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentException">The pattern applies to none of the layers (nothing changes).</exception>
    /// <exception cref="InvalidOperationException">The criterion gives NaN scores; nothing changes.</exception>
    public (IReadOnlyList<string> Pruned, IReadOnlyList<string> LeftDense) SparsifySemiStructured(NMPattern pattern)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(pattern);
        var targets = _layers.Where(l => pattern.AppliesTo(l.Module)).ToList();
        var leftDense = _layers.Where(l => !pattern.AppliesTo(l.Module)).Select(l => l.Name).ToList();
        if (targets.Count == 0)
            throw new ArgumentException(
                $"{pattern} applies to none of the layers ({string.Join(", ", _layers.Select(l => l.Name))}): each needs an input dimension that is a multiple of {pattern.M}",
                nameof(pattern));

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // All masks are computed before any is applied, so a NaN score in a later layer leaves every layer as it was.
        var masks = new List<(SparseLayer Layer, Tensor Mask)>();
        foreach (var layer in targets)
        {
            var scores = Criterion.GroupScores(layer.Weight.detach(), Initial(layer), Previous(layer), layer.Mask, []);
            if (scores.isnan().any().item<bool>())
                throw new InvalidOperationException(
                    $"criterion '{Criterion.Name}' gives NaN scores in layer '{layer.Name}': its weights contain NaN, so no ranking can choose what to prune; nothing was pruned");
            var groups = pattern.Groups(scores);
            var kept = groups.topk(pattern.N, dim: 1).indexes;
            var groupMask = zeros_like(groups).scatter_(1, kept, ones_like(kept, dtype: groups.dtype));
            masks.Add((layer, NMPattern.Ungroup(groupMask, layer.Weight.shape).to(layer.Weight.dtype, layer.Weight.device)));
        }

        foreach (var (layer, mask) in masks)
        {
            layer.ReplaceMask(mask.DetachFromDisposeScope(), null);
            Apply(layer);
            if (!Criterion.NeedsPreviousWeights) continue;
            layer.PreviousWeights?.Dispose();
            layer.PreviousWeights = layer.Weight.detach().clone().DetachFromDisposeScope();
        }

        return (targets.Select(l => l.Name).ToList(), leftDense);
    }

    private Tensor? Initial(SparseLayer layer)
    {
        if (!Criterion.NeedsInitialWeights && !Criterion.NeedsPreviousWeights) return null;
        return _savedWeights.TryGetValue(layer.Name.Length == 0 ? "weight" : layer.Name + ".weight", out var initial)
            ? initial
            : throw new InvalidOperationException($"no saved weights for layer '{layer.Name}'; call SaveWeights first");
    }

    private Tensor? Previous(SparseLayer layer) => Criterion.NeedsPreviousWeights ? layer.PreviousWeights ?? Initial(layer) : null;
}
