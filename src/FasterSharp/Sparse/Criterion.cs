using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>A pruning criterion: a function scoring each weight (see <see cref="Criteria"/> for fasterai's),
/// and how the scores of a group of weights sharing one decision are reduced.</summary>
/// <remarks>As in fasterai, the element scores of a layer are first shifted so that the smallest is
/// positive (minus the minimum when it is negative, then plus float32's epsilon), then multiplied by the
/// layer's current mask (so already-pruned weights score 0, the lowest), then reduced over the
/// granularity's dims. The shift keeps the order within a layer; across layers (global context) it is part
/// of fasterai's semantics.</remarks>
public sealed class Criterion
{
    /// <summary>float32's machine epsilon, added to every score so that kept weights never score 0.</summary>
    public const double Epsilon = 1.1920928955078125e-07;

    private readonly CriterionFunction _function;
    private readonly LayerCriterionFunction? _layerFunction;

    /// <summary>Creates a criterion from a scoring function.</summary>
    /// <param name="name">A name for messages and reports.</param>
    /// <param name="function">Scores each weight from (w, w0, wp); must return a tensor of w's shape.</param>
    /// <param name="needsInitialWeights">The function reads w0 (the saved weights).</param>
    /// <param name="needsPreviousWeights">The function reads wp (the weights at the previous pruning).</param>
    /// <param name="reduction">How group scores are reduced (default <see cref="ScoreReduction.Mean"/>).</param>
    /// <exception cref="ArgumentNullException">A null name or function.</exception>
    /// <exception cref="ArgumentException">An empty name, both weight kinds requested (as in fasterai, a
    /// criterion compares w with either w0 or wp), or an undefined reduction.</exception>
    public Criterion(string name, CriterionFunction function, bool needsInitialWeights = false,
        bool needsPreviousWeights = false, ScoreReduction reduction = ScoreReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a criterion name must not be empty", nameof(name));
        if (needsInitialWeights && needsPreviousWeights)
            throw new ArgumentException("a criterion reads either the initial weights or the previous weights, not both", nameof(needsPreviousWeights));
        if (!Enum.IsDefined(reduction)) throw new ArgumentException($"undefined score reduction {(int)reduction}", nameof(reduction));
        Name = name;
        _function = function;
        NeedsInitialWeights = needsInitialWeights;
        NeedsPreviousWeights = needsPreviousWeights;
        Reduction = reduction;
    }

    /// <summary>Creates a criterion that scores a weight knowing its layer: from data measured on that layer (activations,
    /// gradients), as <see cref="Criteria.Wanda"/> and <see cref="Criteria.Taylor"/> do.</summary>
    /// <param name="name">A name for messages and reports.</param>
    /// <param name="layerFunction">Scores each weight of the named layer; returns null for a layer it has no data for.</param>
    /// <param name="reduction">How group scores are reduced (default <see cref="ScoreReduction.Mean"/>).</param>
    /// <exception cref="ArgumentNullException">A null name or function.</exception>
    /// <exception cref="ArgumentException">An empty name or an undefined reduction.</exception>
    public Criterion(string name, LayerCriterionFunction layerFunction, ScoreReduction reduction = ScoreReduction.Mean)
        : this(name, (w, _, _) => throw new InvalidOperationException($"criterion '{name}' scores weights by layer: pass the layer's name"), reduction: reduction)
    {
        ArgumentNullException.ThrowIfNull(layerFunction);
        _layerFunction = layerFunction;
    }

    /// <summary>The criterion's name (fasterai's for the built-in ones: "large_final", …).</summary>
    public string Name { get; }

    /// <summary>Whether the scores read w0, the weights saved by <see cref="Sparsifier.SaveWeights"/>.</summary>
    public bool NeedsInitialWeights { get; }

    /// <summary>Whether the scores read wp, the weights after the previous pruning of the layer.</summary>
    public bool NeedsPreviousWeights { get; }

    /// <summary>How a group's element scores become one score.</summary>
    public ScoreReduction Reduction { get; }

    /// <summary>Whether the scores depend on the layer (data measured on it), so callers must name the layer.</summary>
    public bool IsLayerAware => _layerFunction is not null;

    /// <summary>The same criterion with another reduction.</summary>
    /// <exception cref="ArgumentException">An undefined reduction.</exception>
    public Criterion WithReduction(ScoreReduction reduction) =>
        _layerFunction is { } layerFunction ? new(Name, layerFunction, reduction) : new(Name, _function, NeedsInitialWeights, NeedsPreviousWeights, reduction);

    /// <summary>The formula's value for each weight (before the shift, masking and reduction).</summary>
    /// <param name="weights">w.</param>
    /// <param name="initialWeights">w0; required when <see cref="NeedsInitialWeights"/>.</param>
    /// <param name="previousWeights">wp; required when <see cref="NeedsPreviousWeights"/>.</param>
    /// <returns>A new tensor of w's shape (no autograd history).</returns>
    /// <param name="layer">The layer's dotted name; required when <see cref="IsLayerAware"/>.</param>
    /// <exception cref="ArgumentNullException">w is null, or w0/wp is null while needed.</exception>
    /// <exception cref="ArgumentException">w0/wp has another shape than w, the function returned a
    /// tensor of another shape, or a layer-aware criterion got no layer name or has no data for the layer.</exception>
    public Tensor ElementScores(Tensor weights, Tensor? initialWeights = null, Tensor? previousWeights = null, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (NeedsInitialWeights) CheckReference(weights, initialWeights, nameof(initialWeights));
        if (NeedsPreviousWeights) CheckReference(weights, previousWeights, nameof(previousWeights));
        using var _ = no_grad();
        Tensor? result;
        if (_layerFunction is { } layerFunction)
        {
            if (layer is null) throw new ArgumentException($"criterion '{Name}' scores weights by layer: pass the layer's name", nameof(layer));
            result = layerFunction(layer, weights)
                ?? throw new ArgumentException($"criterion '{Name}' has no data for layer '{layer}' (it was measured on other layers or another model)", nameof(layer));
        }
        else
        {
            result = _function(weights, NeedsInitialWeights ? initialWeights : null, NeedsPreviousWeights ? previousWeights : null);
        }
        var scores = result ?? throw new ArgumentException($"criterion '{Name}' returned null", nameof(weights));
        if (!scores.shape.SequenceEqual(weights.shape))
        {
            var shape = string.Join(", ", scores.shape);
            scores.Dispose();
            throw new ArgumentException(
                $"criterion '{Name}' returned scores of shape [{shape}] for weights of shape [{string.Join(", ", weights.shape)}]", nameof(weights));
        }
        return scores;
    }

    /// <summary>One score per group: the element scores shifted positive (see remarks on the class),
    /// multiplied by <paramref name="mask"/> when given, and reduced over <paramref name="reducedDims"/>
    /// keeping them as size-1 dims (so the result broadcasts against w).</summary>
    /// <param name="weights">w.</param>
    /// <param name="initialWeights">w0 (see <see cref="ElementScores"/>).</param>
    /// <param name="previousWeights">wp (see <see cref="ElementScores"/>).</param>
    /// <param name="mask">The layer's current 0/1 mask of w's shape, or null.</param>
    /// <param name="reducedDims">Dims of w sharing one score (<see cref="Granularity.ReducedDims"/>).</param>
    /// <param name="layer">The layer's dotted name; required when <see cref="IsLayerAware"/>.</param>
    /// <returns>A new float tensor with w's rank and size 1 along <paramref name="reducedDims"/>.</returns>
    /// <exception cref="ArgumentException">As <see cref="ElementScores"/>; a mask of another shape; a dim out of range.</exception>
    public Tensor GroupScores(Tensor weights, Tensor? initialWeights, Tensor? previousWeights, Tensor? mask, long[] reducedDims, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(reducedDims);
        if (mask is not null && !mask.shape.SequenceEqual(weights.shape))
            throw new ArgumentException($"mask shape [{string.Join(", ", mask.shape)}] differs from weight shape [{string.Join(", ", weights.shape)}]", nameof(mask));
        foreach (var d in reducedDims)
            if (d < 0 || d >= weights.dim())
                throw new ArgumentException($"dim {d} is out of range for weights of rank {weights.dim()}", nameof(reducedDims));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var scores = ElementScores(weights, initialWeights, previousWeights, layer);
        if (!is_floating_point(scores.dtype)) scores = scores.to_type(ScalarType.Float32);
        var min = scores.min().to_type(ScalarType.Float64).item<double>();
        if (min < 0) scores = scores.sub(min);
        scores = scores.add(Epsilon);
        if (mask is not null) scores = scores.mul(mask);
        if (reducedDims.Length > 0)
            scores = Reduction == ScoreReduction.Sum ? scores.sum(reducedDims, keepdim: true) : scores.mean(reducedDims, keepdim: true);
        return scores.MoveToOuterDisposeScope();
    }

    private static void CheckReference(Tensor weights, Tensor? reference, string parameterName)
    {
        if (reference is null) throw new ArgumentNullException(parameterName, "this criterion needs these weights");
        if (!reference.shape.SequenceEqual(weights.shape))
            throw new ArgumentException(
                $"shape [{string.Join(", ", reference.shape)}] differs from the weights' shape [{string.Join(", ", weights.shape)}]", parameterName);
    }

    /// <summary>Throws when the criterion reads saved weights (w0 or wp): the check of the tools that score only the
    /// current weights (the Pruner, PruneCallback, Sensitivity).</summary>
    /// <exception cref="ArgumentException">The criterion needs initial or previous weights.</exception>
    internal void ThrowIfReadsSavedWeights(string parameterName, string tool)
    {
        if (NeedsInitialWeights || NeedsPreviousWeights)
            throw new ArgumentException($"criterion '{Name}' reads saved weights (w0 or wp); {tool} scores the current weights only", parameterName);
    }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
