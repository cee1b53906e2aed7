using System.Globalization;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Structured pruning that physically removes channels (fasterai's <c>Pruner</c>): the model gets
/// smaller layers, so it needs fewer parameters and fewer multiply-accumulates, not just more zeros.</summary>
/// <remarks>
/// <para>Both operations work on the model's <see cref="DependencyGraph"/>: a group of coupled channels (a conv's
/// filters, its BatchNorm, the next conv's input channels, the first Linear's features after a flatten, the
/// channels tied by residual sums) is pruned only as a whole, every group keeps at least one channel, and the
/// groups of the model's input and output are never touched. Everything is checked and every new weight tensor is
/// computed before the model changes: when a method throws, the model is as it was.</para>
/// <para>The layers are resized in place (same module objects, new parameter tensors). An optimizer or a
/// <see cref="Sparsifier"/> created before holds the old tensors. A <c>Learner</c> notices it and makes a new
/// optimizer before its next fit or step (its running state starts afresh), so pruning and then fine-tuning with the
/// same learner works; an optimizer or Sparsifier made by hand must be made again.</para>
/// </remarks>
public static class Pruner
{
    /// <summary>Removes the channels that are exactly zero for every input — the filters zeroed by filter
    /// sparsification (with their bias and the following BatchNorm's γ/β). Lossless: the outputs are the same
    /// up to float rounding. A group whose channels are all zero keeps one.</summary>
    /// <param name="model">The model; changed in place.</param>
    /// <param name="sampleInput">An input batch of the shape the model is used with (see <see cref="DependencyGraph.Build"/>).</param>
    /// <returns>Channels before and after per group.</returns>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point batch, or the model fails on it.</exception>
    /// <exception cref="UnsupportedModelException">A module the pruner cannot follow (the message names it).</exception>
    public static PruneResult RemoveZeroFilters(nn.Module<Tensor, Tensor> model, Tensor sampleInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        var graph = DependencyGraph.Build(model, sampleInput);
        var zero = ZeroChannels.Find(graph);
        var keep = new Dictionary<ChannelGroup, long[]>();
        var notes = new List<string>();
        foreach (var group in graph.Groups.Where(g => g.IsPrunable))
        {
            var kept = Enumerable.Range(0, (int)group.Channels).Where(c => !zero[group][c]).Select(c => (long)c).ToArray();
            if (kept.Length == 0)
            {
                kept = [0];
                notes.Add($"every channel of group {group.Name} is zero; one is kept so that no layer is left without channels");
            }
            keep[group] = kept;
        }
        return Apply(model, graph, keep, "removed all-zero filters", notes);
    }

    /// <summary>Removes <paramref name="sparsity"/> percent of the channels of the prunable groups, the lowest
    /// scored by <paramref name="criterion"/> (not lossless: fine-tune afterwards).</summary>
    /// <param name="model">The model; changed in place.</param>
    /// <param name="sampleInput">An input batch of the shape the model is used with (see <see cref="DependencyGraph.Build"/>).</param>
    /// <param name="sparsity">Percentage of channels to remove, in [0, 100]: ⌊n·s/100⌋ of each group's n channels
    /// (local), or of all N channels of the selected groups together (global).</param>
    /// <param name="criterion">How weights are scored (default <see cref="Criteria.LargeFinal"/>, |w|); a channel's score
    /// is the mean (or sum) of its elements' scores over all members of its group. Criteria that read saved
    /// weights (w0, wp) are not available here.</param>
    /// <param name="context">Local: each group loses the same share. Global: one ranking over all selected groups.</param>
    /// <param name="layerTypes">Which groups to prune, by the type of the layers producing them (default
    /// <see cref="LayerTypes.Conv2d"/>: convolution filters; add <see cref="LayerTypes.Linear"/> for hidden
    /// Linear features).</param>
    /// <param name="roundTo">Round each group's kept channel count up to a multiple of this (≥ 1), or null.</param>
    /// <param name="groupSparsities">Per-group percentages by group name (<see cref="ChannelGroup.Name"/>, e.g. from
    /// <see cref="SensitivityResult.RatiosFor"/>); groups not named get <paramref name="sparsity"/>. Local context only.</param>
    /// <returns>Channels before and after per group.</returns>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Sparsity NaN or outside [0, 100]; roundTo &lt; 1.</exception>
    /// <exception cref="ArgumentException">Undefined context or layer types; a criterion that reads saved weights;
    /// no prunable group of the selected types; a bad sample; per-group sparsities with the global context, out of
    /// [0, 100] or naming no prunable group (nothing changes).</exception>
    /// <exception cref="UnsupportedModelException">A module the pruner cannot follow (the message names it).</exception>
    public static PruneResult PruneFilters(nn.Module<Tensor, Tensor> model, Tensor sampleInput, double sparsity, Criterion? criterion = null,
        SparsityContext context = SparsityContext.Local, LayerTypes layerTypes = LayerTypes.Conv2d, int? roundTo = null,
        IReadOnlyDictionary<string, double>? groupSparsities = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        if (double.IsNaN(sparsity) || sparsity < 0 || sparsity > 100)
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "sparsity is a percentage in [0, 100]");
        criterion ??= Criteria.LargeFinal;
        criterion.ThrowIfReadsSavedWeights(nameof(criterion), "the pruner");
        if (!Enum.IsDefined(context)) throw new ArgumentException($"undefined context {(int)context}; use Local or Global", nameof(context));
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        if (roundTo is < 1) throw new ArgumentOutOfRangeException(nameof(roundTo), roundTo, "roundTo must be at least 1 (or null for no rounding)");
        if (groupSparsities is not null)
        {
            if (context != SparsityContext.Local)
                throw new ArgumentException("per-group sparsities need the local context; the global context ranks all groups together", nameof(groupSparsities));
            foreach (var (name, value) in groupSparsities)
                if (!(value >= 0 && value <= 100))
                    throw new ArgumentException($"groupSparsities[{name}] is {value}; a sparsity is a percentage in [0, 100]", nameof(groupSparsities));
        }

        var graph = DependencyGraph.Build(model, sampleInput);
        var groups = graph.Groups.Where(g => g.IsPrunable && ProducedBy(g, layerTypes)).ToList();
        if (groups.Count == 0)
            throw new ArgumentException($"the model has no prunable group produced by {layerTypes} layers", nameof(layerTypes));
        var unknown = groupSparsities?.Keys.Where(name => groups.All(g => g.Name != name)).ToList() ?? [];
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"no prunable group named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the groups are {string.Join(", ", groups.Select(g => g.Name))}",
                nameof(groupSparsities));
        var scores = groups.ToDictionary(g => g, g => ChannelScores.Compute(g, criterion));
        var pruned = context == SparsityContext.Local
            ? groups.ToDictionary(g => g, g => PrunedCount(g.Channels, groupSparsities?.GetValueOrDefault(g.Name, sparsity) ?? sparsity))
            : GlobalPrunedCounts(groups, scores, sparsity);
        var keep = new Dictionary<ChannelGroup, long[]>();
        foreach (var group in groups)
        {
            var kept = Math.Max(1, group.Channels - pruned[group]);
            if (roundTo is int r) kept = Math.Min(group.Channels, r * (long)Math.Ceiling(kept / (double)r));
            keep[group] = KeepHighest(scores[group], kept);
        }
        var percent = sparsity.ToString("0.##", CultureInfo.InvariantCulture);
        var operation = $"pruned {percent}% of the filters ({context.ToString().ToLowerInvariant()}, {criterion.Name})";
        return Apply(model, graph, keep, operation, []);
    }

    private static PruneResult Apply(nn.Module<Tensor, Tensor> model, DependencyGraph graph, Dictionary<ChannelGroup, long[]> keep,
        string operation, List<string> notes)
    {
        var before = CountParameters(model);
        var rows = keep.Select(kv => new PruneResultRow(kv.Key.Name, string.Join(", ", kv.Key.Members), kv.Key.Channels, kv.Value.Length))
            .ToList();
        ChannelRemoval.Apply(keep);
        return new PruneResult(operation, rows, before, CountParameters(model), notes);
    }

    internal static bool ProducedBy(ChannelGroup group, LayerTypes types) =>
        group.Parts.Where(p => p.Role == MemberRole.Producer).All(p => p.Node.Kind switch
        {
            NodeKind.Conv => (types & LayerTypes.Conv2d) != 0,
            NodeKind.Linear => (types & LayerTypes.Linear) != 0,
            _ => false,
        });

    // ⌊n·s/100⌋, with a tolerance so that e.g. 3 channels at 100/3 % prune exactly 1 (as the Sparsifier counts).
    internal static long PrunedCount(long n, double sparsity) => Math.Min(n, (long)Math.Floor(n * sparsity / 100.0 + 1e-9));

    /// <summary>Global: the ⌊N·s/100⌋ lowest scores over all groups, skipping a group's last channel.</summary>
    internal static Dictionary<ChannelGroup, long> GlobalPrunedCounts(List<ChannelGroup> groups, Dictionary<ChannelGroup, double[]> scores, double sparsity)
    {
        var ranked = groups.SelectMany((g, gi) => scores[g].Select((s, c) => (Score: s, Group: gi, Channel: c)))
            .OrderBy(x => x.Score).ThenBy(x => x.Group).ThenBy(x => x.Channel).ToList();
        var target = PrunedCount(ranked.Count, sparsity);
        var counts = groups.ToDictionary(g => g, _ => 0L);
        long done = 0;
        foreach (var (_, gi, _) in ranked)
        {
            if (done == target) break;
            var group = groups[gi];
            if (group.Channels - counts[group] <= 1) continue;
            counts[group]++;
            done++;
        }
        return counts;
    }

    /// <summary>The indices of the <paramref name="count"/> highest scores (ties: lower index first), sorted.</summary>
    private static long[] KeepHighest(double[] scores, long count) =>
        scores.Select((s, c) => (s, c)).OrderByDescending(x => x.s).ThenBy(x => x.c).Take((int)count)
            .Select(x => (long)x.c).Order().ToArray();

    internal static long CountParameters(nn.Module model) => model.parameters().Sum(p => p.numel());
}
