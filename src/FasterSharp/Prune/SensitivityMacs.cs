using FasterSharp.Metrics;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>The MACs per sample a model would need after its prunable groups keep given channel counts, computed from
/// its dependency graph without changing it. Each module call's MACs (counted as <see cref="ModelStats"/> counts
/// them) scale with the kept share of the groups it touches: a Conv2d or Linear with its input group's share times
/// its output group's share (a BatchNorm, pooling or depthwise conv with its one group's share), since the Pruner
/// shrinks exactly those dimensions. The result equals what <see cref="ModelStats.Measure"/> counts after
/// <see cref="Pruner.PruneFilters"/> removes those channels.</summary>
internal sealed class SensitivityMacs
{
    private readonly List<(double Macs, int[] Spaces)> _terms;
    private readonly Dictionary<int, ChannelGroup> _groupBySpace;

    private SensitivityMacs(IReadOnlyList<ChannelGroup> groups, List<(double Macs, int[] Spaces)> terms, long denseMacs)
    {
        Groups = groups;
        _terms = terms;
        DenseMacs = denseMacs;
        _groupBySpace = groups.ToDictionary(g => g.Values[0].Space);
    }

    /// <summary>The prunable groups produced by the selected layer types, in model order.</summary>
    public IReadOnlyList<ChannelGroup> Groups { get; }

    /// <summary>The unpruned model's MACs per sample.</summary>
    public long DenseMacs { get; }

    /// <summary>Builds the MACs model of <paramref name="model"/> (run once on the sample, unchanged).</summary>
    /// <exception cref="ArgumentException">No prunable group of the selected types; a bad sample.</exception>
    /// <exception cref="UnsupportedModelException">A module the pruner cannot follow.</exception>
    public static SensitivityMacs Build(nn.Module<Tensor, Tensor> model, Tensor sampleInput, LayerTypes layerTypes)
    {
        var graph = DependencyGraph.Build(model, sampleInput);
        var groups = graph.Groups.Where(g => g.IsPrunable && Pruner.ProducedBy(g, layerTypes)).ToList();
        if (groups.Count == 0) throw new ArgumentException($"the model has no prunable group produced by {layerTypes} layers", nameof(layerTypes));
        var terms = new List<(double, int[])>();
        long dense = 0;
        foreach (var node in graph.Nodes)
        {
            if (node.Module is null || node.Inputs.Count == 0) continue;
            var macs = MacCounting.PerSample(node.Module, new ModuleCall(0, node.Inputs[0].ShapeArray, node.Output.ShapeArray));
            if (macs is not long m || m == 0) continue;
            dense += m;
            int[] spaces = node.Kind is NodeKind.Conv or NodeKind.Linear ? [node.Inputs[0].Space, node.Output.Space] : [node.Output.Space];
            terms.Add((m, spaces));
        }
        return new SensitivityMacs(groups, terms, dense);
    }

    /// <summary>The MACs per sample when each group keeps <c>kept(group)</c> of its channels (others unchanged).</summary>
    public double Macs(Func<ChannelGroup, long> kept)
    {
        var share = _groupBySpace.ToDictionary(kv => kv.Key, kv => (double)kept(kv.Value) / kv.Value.Channels);
        double total = 0;
        foreach (var (macs, spaces) in _terms)
        {
            var value = macs;
            foreach (var space in spaces)
                if (share.TryGetValue(space, out var s)) value *= s;
            total += value;
        }
        return Math.Round(total);
    }

    /// <summary>The channels a group keeps at <paramref name="sparsity"/> percent, as <see cref="Pruner.PruneFilters"/> keeps them.</summary>
    public static long KeptAt(ChannelGroup group, double sparsity) => Math.Max(1, group.Channels - Pruner.PrunedCount(group.Channels, sparsity));
}
