using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Zeroes the least important groups of weights of a model's Conv2d and/or Linear layers
/// (fasterai's <c>Sparsifier</c>): scores each group with a <see cref="Criterion"/> at a
/// <see cref="Granularity"/>, keeps the best-scored groups per layer (<see cref="SparsityContext.Local"/>) or
/// over all layers (<see cref="SparsityContext.Global"/>), and masks the rest.</summary>
/// <remarks>
/// <para>Counting: a layer of n groups at sparsity s% prunes ⌊n·s/100⌋ groups (so 90% of 9,408 weights
/// zeroes 8,467, as fasterai reports); globally, ⌊N·s/100⌋ of all N groups are pruned, the lowest scores
/// across layers. Every layer keeps at least one group, and <c>roundTo</c> rounds a layer's kept count up to a
/// multiple (at most all groups). Ties are broken by position, so the counts are exact. The selection is a
/// linear-time selection over the group scores (as float32), so global selection works past 2^24 elements
/// (where <c>quantile</c> refuses) and per-batch pruning stays cheap.</para>
/// <para>Masks are kept by the sparsifier, per layer (not registered on the modules), so a pruned model's
/// <c>state_dict</c> keeps exactly PyTorch's/torchvision's keys and loads their weights. The masks are
/// re-applied by <see cref="ApplyMasks"/>, which training calls after every optimizer step: pruned weights
/// are then exactly zero whatever the optimizer (momentum, weight decay).</para>
/// <para>Filter granularity also zeroes the pruned filters' bias and the γ/β of the BatchNorm fed by the
/// convolution, so a pruned channel outputs exactly zero. That BatchNorm is found by module order: the first
/// BatchNorm after the convolution in a depth-first walk of the model (PyTorch's <c>modules()</c> order),
/// before any other Conv2d or Linear, with as many features as the convolution has filters. This covers
/// Sequential stacks (conv → BN, or conv → ReLU → BN) and torchvision's ResNets (conv1 → bn1, conv2 → bn2,
/// downsample.0 → downsample.1).</para>
/// <para>The constructor saves every parameter of the model (w0, see <see cref="SaveWeights"/>), for the
/// criteria that read w0 and for <see cref="ResetWeights"/> (the lottery-ticket rewind).</para>
/// </remarks>
public sealed partial class Sparsifier : IDisposable
{
    private readonly List<SparseLayer> _layers;
    private readonly List<BatchNorm> _batchNorms;
    private readonly Dictionary<string, Tensor> _savedWeights = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a sparsifier over the layers of <paramref name="model"/> of <paramref name="layerTypes"/>
    /// and saves the model's weights (w0).</summary>
    /// <param name="model">The model (or sub-model) to prune.</param>
    /// <param name="granularity">Which weights share one score (e.g. <see cref="Granularity.Weight"/>, <see cref="Granularity.Filter"/>).</param>
    /// <param name="context">Local (per layer) or global (all layers together).</param>
    /// <param name="criterion">How weights are scored (e.g. <see cref="Criteria.LargeFinal"/>).</param>
    /// <param name="layerTypes">Which layers to prune (default <see cref="LayerTypes.Conv2d"/>, as fasterai).</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">Undefined context or layer types; the model has no layer of those
    /// types; or the granularity is not allowed for one of the selected layers (the message names the layer,
    /// its type, the granularity and the allowed ones).</exception>
    public Sparsifier(nn.Module model, Granularity granularity, SparsityContext context, Criterion criterion, LayerTypes layerTypes = LayerTypes.Conv2d)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(granularity);
        ArgumentNullException.ThrowIfNull(criterion);
        if (!Enum.IsDefined(context)) throw new ArgumentException($"undefined context {(int)context}; use Local or Global", nameof(context));
        Models.DisposedModel.ThrowIfDisposed(model);
        var modules = ModelWalk.DepthFirst(model).ToList();
        var selected = SelectLayers(modules, granularity, layerTypes);

        Model = model;
        Granularity = granularity;
        Context = context;
        Criterion = criterion;
        LayerTypes = layerTypes;
        _batchNorms = modules.Select(m => m.Module).OfType<BatchNorm>().ToList();
        _layers = selected.Select(s => CreateLayer(s.Name, s.Module, modules, granularity)).ToList();
        SaveWeights();
    }

    /// <summary>Same as the typed constructor, with fasterai's names: granularity ("weight", "filter", …),
    /// context ("local" or "global") and criterion ("large_final", …).</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">An unknown name, or as the typed constructor.</exception>
    public Sparsifier(nn.Module model, string granularity, string context, string criterion, LayerTypes layerTypes = LayerTypes.Conv2d)
        : this(model, Granularity.Parse(granularity), ParseContext(context), Criteria.Parse(criterion), layerTypes)
    {
    }

    /// <summary>The model being pruned.</summary>
    public nn.Module Model { get; }

    /// <summary>Which weights share one score.</summary>
    public Granularity Granularity { get; }

    /// <summary>Local or global thresholding.</summary>
    public SparsityContext Context { get; }

    /// <summary>How weights are scored.</summary>
    public Criterion Criterion { get; }

    /// <summary>The kinds of layers pruned.</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>The pruned layers with their dotted names, in model order (PyTorch's <c>named_modules()</c> order).</summary>
    public IReadOnlyList<(string Name, nn.Module Layer)> Layers => _layers.Select(l => (l.Name, l.Module)).ToList();

    /// <summary>The BatchNorm whose γ/β are zeroed with <paramref name="layer"/>'s filters (see remarks on the
    /// class), or null when there is none.</summary>
    /// <exception cref="ArgumentException"><paramref name="layer"/> is not one of <see cref="Layers"/>.</exception>
    public BatchNorm? FollowingBatchNorm(nn.Module layer) => Find(layer, nameof(layer)).FollowingBatchNorm;

    /// <summary>A copy of <paramref name="layer"/>'s 0/1 mask (the weight's shape and dtype), or null before
    /// the layer is first pruned.</summary>
    /// <exception cref="ArgumentException"><paramref name="layer"/> is not one of <see cref="Layers"/>.</exception>
    public Tensor? MaskOf(nn.Module layer)
    {
        ThrowIfUnusable();
        return Find(layer, nameof(layer)).Mask?.clone();
    }

    /// <summary>Prunes one layer to <paramref name="sparsity"/> percent of its groups. In global context the
    /// threshold is the one all layers would get at that sparsity, applied to this layer only.</summary>
    /// <param name="layer">One of <see cref="Layers"/>.</param>
    /// <param name="sparsity">Percentage of groups to prune, in [0, 100].</param>
    /// <param name="roundTo">Round the kept group count up to a multiple of this (≥ 1), or null.</param>
    /// <exception cref="ArgumentException">Not one of the layers; sparsity NaN or outside [0, 100]; roundTo &lt; 1.
    /// Nothing changes when it throws.</exception>
    /// <exception cref="InvalidOperationException">The criterion gives NaN scores (weights with NaN); nothing changes.</exception>
    public void SparsifyLayer(nn.Module layer, double sparsity, int? roundTo = null)
    {
        ThrowIfUnusable();
        var target = Find(layer, nameof(layer));
        CheckSparsity(sparsity, nameof(sparsity));
        CheckRoundTo(roundTo);
        Sparsify(new Dictionary<SparseLayer, double> { [target] = sparsity }, roundTo);
    }

    /// <summary>Prunes every layer to <paramref name="sparsity"/> percent: each layer (local) or all layers
    /// together (global).</summary>
    /// <param name="sparsity">Percentage of groups to prune, in [0, 100].</param>
    /// <param name="roundTo">Round each layer's kept group count up to a multiple of this (≥ 1), or null.</param>
    /// <exception cref="ArgumentException">Sparsity NaN or outside [0, 100]; roundTo &lt; 1. Nothing changes when it throws.</exception>
    /// <exception cref="InvalidOperationException">The criterion gives NaN scores (weights with NaN); nothing changes.</exception>
    public void SparsifyModel(double sparsity, int? roundTo = null)
    {
        ThrowIfUnusable();
        CheckSparsity(sparsity, nameof(sparsity));
        CheckRoundTo(roundTo);
        Sparsify(_layers.ToDictionary(l => l, _ => sparsity), roundTo);
    }

    /// <summary>Prunes the named layers, each to its own sparsity (local context only); layers not named are
    /// left as they are.</summary>
    /// <param name="sparsities">Percentage per layer, by dotted layer name (see <see cref="Layers"/>).</param>
    /// <param name="roundTo">Round each layer's kept group count up to a multiple of this (≥ 1), or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sparsities"/> is null.</exception>
    /// <exception cref="ArgumentException">Global context; an empty map; a name that is not one of the layers;
    /// a sparsity NaN or outside [0, 100]; roundTo &lt; 1. Nothing changes when it throws.</exception>
    /// <exception cref="InvalidOperationException">The criterion gives NaN scores (weights with NaN); nothing changes.</exception>
    public void SparsifyModel(IReadOnlyDictionary<string, double> sparsities, int? roundTo = null)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(sparsities);
        if (Context != SparsityContext.Local)
            throw new ArgumentException("per-layer sparsities need the local context; the global context has one threshold for all layers", nameof(sparsities));
        if (sparsities.Count == 0) throw new ArgumentException("the map of per-layer sparsities is empty", nameof(sparsities));
        var targets = new Dictionary<SparseLayer, double>();
        foreach (var (name, sparsity) in sparsities)
        {
            var layer = _layers.FirstOrDefault(l => l.Name == name)
                ?? throw new ArgumentException(
                    $"no layer named '{name}' among the sparsified layers ({string.Join(", ", _layers.Select(l => l.Name))})", nameof(sparsities));
            CheckSparsity(sparsity, $"{nameof(sparsities)}[{name}]");
            targets[layer] = sparsity;
        }
        CheckRoundTo(roundTo);
        Sparsify(targets, roundTo);
    }

    /// <summary>Multiplies every pruned layer's weight by its mask (and, under filter granularity, its bias and
    /// the following BatchNorm's γ/β by the filter mask), so pruned weights are exactly zero. Call it after
    /// every optimizer step.</summary>
    public void ApplyMasks()
    {
        ThrowIfUnusable();
        using var _ = no_grad();
        foreach (var layer in _layers) Apply(layer);
    }

    /// <summary>Saves a copy of every parameter of the model (w0): the reference of the criteria that read
    /// initial weights, and what <see cref="ResetWeights"/> restores. Replaces the previous copy.</summary>
    public void SaveWeights()
    {
        ThrowIfUnusable();
        using var _ = no_grad();
        foreach (var saved in _savedWeights.Values) saved.Dispose();
        _savedWeights.Clear();
        foreach (var (name, parameter) in Model.named_parameters())
            _savedWeights[name] = parameter.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Restores every parameter to its saved value (<see cref="SaveWeights"/>), resets the running
    /// statistics of every BatchNorm of the model, then re-applies the masks, so surviving weights equal
    /// their saved values exactly and pruned ones stay zero (the lottery-ticket reset).</summary>
    public void ResetWeights()
    {
        ThrowIfUnusable();
        using (no_grad())
        {
            foreach (var (name, parameter) in Model.named_parameters())
                if (_savedWeights.TryGetValue(name, out var saved) && saved.shape.SequenceEqual(parameter.shape))
                    parameter.copy_(saved);
        }
        foreach (var bn in _batchNorms) bn.reset_running_stats();
        ApplyMasks();
    }

    /// <summary>The per-layer sparsity of the pruned layers and the overall line.</summary>
    public SparsityReport Report()
    {
        ThrowIfUnusable();
        return SparsityReport.Of(_layers.Select(l => (l.Name, l.Module)));
    }

    /// <summary>Frees the masks and saved weights (the model keeps its current weights).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var layer in _layers) layer.DisposeState();
        foreach (var saved in _savedWeights.Values) saved.Dispose();
        _savedWeights.Clear();
    }

    // ------------------------------------------------------------------ pruning

    private void Sparsify(IReadOnlyDictionary<SparseLayer, double> targets, int? roundTo)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Scores are computed for every layer the decision depends on: the targets (local) or all (global).
        var scored = Context == SparsityContext.Global ? _layers : targets.Keys.ToList();
        var shapes = new Dictionary<SparseLayer, long[]>();
        var scores = new Dictionary<SparseLayer, float[]>();
        foreach (var layer in scored)
        {
            var groupScores = GroupScores(layer);
            shapes[layer] = groupScores.shape;
            scores[layer] = groupScores.to_type(ScalarType.Float32).reshape(-1).contiguous().data<float>().ToArray();
            // NaN cannot be ranked: the kept groups would be arbitrary, silently. Nothing has changed yet.
            var unranked = scores[layer].Count(float.IsNaN);
            if (unranked > 0)
                throw new InvalidOperationException(
                    $"criterion '{Criterion.Name}' gives NaN scores for {unranked} of {scores[layer].Length} groups of layer '{layer.Name}': " +
                    "its weights (or the weights saved for the criterion) contain NaN, so no ranking can choose what to prune; nothing was pruned");
        }

        var keep = new Dictionary<SparseLayer, long>();
        // Global: the kept groups of each layer as the global ranking chose them (reused when no adjustment applies).
        var globalFlags = new Dictionary<SparseLayer, float[]>();
        if (Context == SparsityContext.Local)
        {
            foreach (var (layer, sparsity) in targets)
            {
                var n = scores[layer].LongLength;
                keep[layer] = n - PrunedCount(n, sparsity);
            }
        }
        else
        {
            // One sparsity for all (SparsifyLayer and SparsifyModel pass the same value everywhere).
            var keptFlags = GlobalKeptFlags(scored.Select(l => scores[l]).ToList(), targets.Values.First());
            for (var i = 0; i < scored.Count; i++)
            {
                if (!targets.ContainsKey(scored[i])) continue;
                globalFlags[scored[i]] = keptFlags[i];
                keep[scored[i]] = keptFlags[i].LongCount(f => f != 0);
            }
        }

        foreach (var (layer, kept) in keep)
        {
            var n = scores[layer].LongLength;
            var count = Math.Max(kept, 1);
            if (roundTo is int r) count = Math.Min(n, Math.Max(r, r * (long)Math.Ceiling(count / (double)r)));
            var flags = count == kept && globalFlags.TryGetValue(layer, out var chosen)
                ? chosen
                : GroupSelection.KeepLargest(scores[layer], count);
            var weight = layer.Weight;
            var groupMask = tensor(flags, shapes[layer]).to(weight.dtype, weight.device);
            var mask = groupMask.expand(weight.shape).contiguous();
            var channelMask = Granularity == Granularity.Filter ? groupMask.reshape(groupMask.shape[0]).clone() : null;
            layer.ReplaceMask(mask.DetachFromDisposeScope(), channelMask?.DetachFromDisposeScope());
            Apply(layer);
            if (Criterion.NeedsPreviousWeights)
            {
                layer.PreviousWeights?.Dispose();
                layer.PreviousWeights = weight.detach().clone().DetachFromDisposeScope();
            }
        }
    }

    private Tensor GroupScores(SparseLayer layer) =>
        Criterion.GroupScores(layer.Weight.detach(), Initial(layer), Previous(layer), layer.Mask, layer.ReducedDims, layer.Name);

    // ⌊n·s/100⌋, with a tolerance so that e.g. 3 groups at 100/3 % prune exactly 1.
    private static long PrunedCount(long n, double sparsity) =>
        Math.Min(n, (long)Math.Floor(n * sparsity / 100.0 + 1e-9));

    // Global: the ⌊N·s/100⌋ lowest group scores over all layers are pruned; returns, per layer, 1 for kept
    // groups and 0 for pruned ones.
    private static float[][] GlobalKeptFlags(IReadOnlyList<float[]> layerScores, double sparsity)
    {
        var total = layerScores.Sum(s => s.LongLength);
        var all = new float[total];
        long offset = 0;
        foreach (var s in layerScores)
        {
            Array.Copy(s, 0, all, offset, s.LongLength);
            offset += s.LongLength;
        }
        var flags = GroupSelection.KeepLargest(all, total - PrunedCount(total, sparsity));
        var parts = new float[layerScores.Count][];
        offset = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = new float[layerScores[i].LongLength];
            Array.Copy(flags, offset, parts[i], 0, parts[i].LongLength);
            offset += parts[i].LongLength;
        }
        return parts;
    }

    private void Apply(SparseLayer layer)
    {
        if (layer.Mask is null) return;
        using var _ = no_grad();
        if (layer.Mask.device_type != layer.Weight.device_type) MoveMasks(layer);
        layer.Weight.mul_(layer.Mask);
        if (layer.ChannelMask is not { } channels) return;
        layer.Bias?.mul_(channels);
        if (layer.FollowingBatchNorm is { } bn)
        {
            bn.weight?.mul_(channels);
            bn.bias?.mul_(channels);
        }
    }

    private static void MoveMasks(SparseLayer layer)
    {
        var device = layer.Weight.device;
        layer.ReplaceMask(layer.Mask!.to(device, copy: true).DetachFromDisposeScope(), layer.ChannelMask?.to(device, copy: true).DetachFromDisposeScope());
    }

    // ------------------------------------------------------------------ set-up and checks

    /// <summary>The layers of <paramref name="layerTypes"/> in the walk, checked: at least one, and the granularity
    /// allowed for each (the message names the layer, its type, the granularity and the allowed ones).</summary>
    internal static List<(string Name, nn.Module Module)> SelectLayers(IReadOnlyList<(string Name, nn.Module Module)> walk, Granularity granularity, LayerTypes layerTypes)
    {
        CheckLayerTypes(layerTypes);
        var selected = walk.Where(m => ModelWalk.IsSelected(m.Module, layerTypes)).ToList();
        if (selected.Count == 0)
            throw new ArgumentException($"the model has no {DescribeTypes(layerTypes)} layer to sparsify", nameof(layerTypes));
        foreach (var (name, module) in selected)
            if (!granularity.IsAllowedFor(module))
                throw new ArgumentException(
                    $"granularity '{granularity.Name}' is not allowed for layer '{name}' of type {module.GetType().Name}; allowed: " +
                    string.Join(", ", Granularity.AllowedFor(module).Select(g => g.Name)), nameof(granularity));
        return selected;
    }

    internal static void CheckLayerTypes(LayerTypes layerTypes)
    {
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
    }

    private static SparseLayer CreateLayer(string name, nn.Module module, IReadOnlyList<(string Name, nn.Module Module)> walk, Granularity granularity)
    {
        var (weight, bias) = module switch
        {
            Conv2d c => (c.weight, c.bias),
            Linear l => (l.weight, l.bias),
            _ => throw new ArgumentException($"cannot sparsify {module.GetType().Name}"),
        };
        var bn = module is Conv2d conv ? ModelWalk.FollowingBatchNorm(walk, conv) : null;
        return new SparseLayer(name, module, weight, bias, bn, granularity.ReducedDims(module));
    }

    private SparseLayer Find(nn.Module layer, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(layer, parameterName);
        return _layers.FirstOrDefault(l => ReferenceEquals(l.Module, layer))
            ?? throw new ArgumentException($"{layer.GetType().Name} is not one of the sparsified layers of this model", parameterName);
    }

    private static void CheckSparsity(double sparsity, string parameterName)
    {
        if (double.IsNaN(sparsity) || sparsity < 0 || sparsity > 100)
            throw new ArgumentOutOfRangeException(parameterName, sparsity, "sparsity is a percentage in [0, 100]");
    }

    private static void CheckRoundTo(int? roundTo)
    {
        if (roundTo is < 1) throw new ArgumentOutOfRangeException(nameof(roundTo), roundTo, "roundTo must be at least 1 (or null for no rounding)");
    }

    private static SparsityContext ParseContext(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Trim().ToLowerInvariant() switch
        {
            "local" => SparsityContext.Local,
            "global" => SparsityContext.Global,
            _ => throw new ArgumentException($"unknown context '{context}'; use 'local' or 'global'", nameof(context)),
        };
    }

    private static string DescribeTypes(LayerTypes types) => types switch
    {
        LayerTypes.Conv2d => "Conv2d",
        LayerTypes.Linear => "Linear",
        _ => "Conv2d or Linear",
    };

    /// <summary>Disposed, or a layer's weight was replaced since the sparsifier was made (by the Pruner, BatchNorm
    /// folding, or anything that assigns a new parameter): its mask would go on masking the old, detached tensor while
    /// the model trains unmasked, silently.</summary>
    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var layer in _layers)
        {
            var current = layer.Module switch { Conv2d c => c.weight, Linear l => l.weight, _ => null };
            if (ReferenceEquals(current, layer.Weight)) continue;
            throw new InvalidOperationException(
                $"the weight of layer '{layer.Name}' was replaced since this sparsifier was made (pruned, folded or reassigned), so its " +
                "mask no longer applies to the model; make a new Sparsifier (a SparsifyCallback makes one at each fit) for the changed model");
        }
    }

}
