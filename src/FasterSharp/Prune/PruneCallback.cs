using System.Globalization;
using FasterSharp.Learning;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Structured pruning during training (fasterai's <c>PruneCallback</c>): as training progresses, the sparsity
/// follows a <see cref="Sparse.Schedule"/> and, whenever it rises, the lowest-scored channels of each dependency group
/// are zeroed in every member at once (the producing filters and their biases, the BatchNorms' γ and β, depthwise
/// filters), so residual-coupled channels go together and the network stays consistent. Zeroed channels stay zero
/// (re-applied after every optimizer step) and the network keeps training around them. At the end of the fit they are
/// physically removed (<see cref="Pruner.RemoveZeroFilters"/>): the model is smaller, and the <see cref="Learner"/>
/// makes a new optimizer for the new parameters before it trains again.</summary>
/// <remarks>Channels are counted as <see cref="Pruner.PruneFilters"/> counts them: a group of n channels at sparsity s%
/// loses ⌊n·s/100⌋ (local), or the ⌊N·s/100⌋ lowest scores over all groups go (global); every group keeps at least one
/// channel. A channel once zeroed is never revived. The dependency groups come from one forward pass over two
/// validation images at the start of the fit.</remarks>
public sealed class PruneCallback : Callback
{
    private readonly IReadOnlyDictionary<string, double>? _groupSparsities;
    private DependencyGraph? _graph;
    private Tensor? _sample;
    private Dictionary<ChannelGroup, bool[]> _zeroed = [];
    private double _fraction = -1;

    /// <summary>Creates the callback.</summary>
    /// <param name="sparsity">Target percentage of channels to remove from each selected group, in [0, 100].</param>
    /// <param name="schedule">How the sparsity grows with training progress (values are fractions of the target in [0, 1]).</param>
    /// <param name="criterion">How weights are scored (default <see cref="Criteria.LargeFinal"/>); a channel's score is
    /// the mean over its group's members. Criteria that read saved weights are refused.</param>
    /// <param name="context">Local: each group loses its share. Global: one ranking over all selected groups.</param>
    /// <param name="layerTypes">Which groups to prune, by the type of their producing layers (default Conv2d).</param>
    /// <param name="groupSparsities">Per-group targets in percent, by group name (<see cref="ChannelGroup.Name"/>: its
    /// first producing layer, e.g. "features.3" or "layer1.0.conv2"); groups not named get <paramref name="sparsity"/>.
    /// Local context only. Unknown names fail at the start of the fit, before anything changes.</param>
    /// <param name="removeAtEnd">Physically remove the zeroed channels after the fit (default true).</param>
    /// <param name="log">Where the progress lines go (default <see cref="Console.Out"/>).</param>
    /// <exception cref="ArgumentNullException">A null schedule.</exception>
    /// <exception cref="ArgumentException">A sparsity out of [0, 100] (also per group); a schedule with values outside
    /// [0, 1]; a criterion reading saved weights; an undefined context or layer types; per-group targets with the
    /// global context, or an empty map.</exception>
    public PruneCallback(double sparsity, Schedule schedule, Criterion? criterion = null, SparsityContext context = SparsityContext.Local,
        LayerTypes layerTypes = LayerTypes.Conv2d, IReadOnlyDictionary<string, double>? groupSparsities = null, bool removeAtEnd = true,
        TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        CheckSparsity(sparsity, nameof(sparsity));
        criterion ??= Criteria.LargeFinal;
        criterion.ThrowIfReadsSavedWeights(nameof(criterion), "pruning");
        if (!Enum.IsDefined(context)) throw new ArgumentException($"undefined context {(int)context}; use Local or Global", nameof(context));
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        if (groupSparsities is not null)
        {
            if (context != SparsityContext.Local)
                throw new ArgumentException("per-group sparsities need the local context; the global context ranks all groups together", nameof(groupSparsities));
            if (groupSparsities.Count == 0) throw new ArgumentException("the map of per-group sparsities is empty", nameof(groupSparsities));
            foreach (var (name, value) in groupSparsities) CheckSparsity(value, $"{nameof(groupSparsities)}[{name}]");
            _groupSparsities = new Dictionary<string, double>(groupSparsities, StringComparer.Ordinal);
        }
        schedule.ThrowUnlessFractions(nameof(schedule), "the target sparsity");

        Sparsity = sparsity;
        Schedule = schedule;
        Criterion = criterion;
        Context = context;
        LayerTypes = layerTypes;
        RemoveAtEnd = removeAtEnd;
        Log = log ?? Console.Out;
    }

    /// <summary>Target percentage of channels removed per group (or over all groups, global).</summary>
    public double Sparsity { get; }

    /// <summary>How the sparsity grows over training.</summary>
    public Schedule Schedule { get; }

    /// <summary>How weights are scored.</summary>
    public Criterion Criterion { get; }

    /// <summary>Local or global ranking.</summary>
    public SparsityContext Context { get; }

    /// <summary>Which groups are pruned, by their producing layers' type.</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>Whether the zeroed channels are removed after the fit.</summary>
    public bool RemoveAtEnd { get; }

    /// <summary>Where the progress lines go.</summary>
    public TextWriter Log { get; }

    /// <summary>What the removal at the end of the last fit did (channels before and after per group); null before.</summary>
    public PruneResult? Result { get; private set; }

    /// <summary>Channels zeroed so far per group name (during the fit; after the removal, the last counts).</summary>
    public IReadOnlyDictionary<string, int> ZeroedChannels => _zeroed.ToDictionary(kv => kv.Key.Name, kv => kv.Value.Count(z => z));

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Release();
        var learn = Learn;
        if (learn.Dls.Valid.Count == 0) throw new InvalidOperationException("PruneCallback needs a validation set to find the dependency groups (two images of it)");
        using (var batch = learn.Dls.Valid.MakeBatch([0, Math.Min(1, learn.Dls.Valid.Dataset.Count - 1)]))
            _sample = batch.Input.clone().DetachFromDisposeScope();
        var graph = DependencyGraph.Build(learn.Model, _sample);
        var groups = Selected(graph);
        if (groups.Count == 0) throw new ArgumentException($"the model has no prunable group produced by {LayerTypes} layers");
        if (_groupSparsities is not null)
        {
            var unknown = _groupSparsities.Keys.Where(name => groups.All(g => g.Name != name)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"no prunable group named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the groups are {string.Join(", ", groups.Select(g => g.Name))}");
        }

        _graph = graph;
        _zeroed = groups.ToDictionary(g => g, g => new bool[checked((int)g.Channels)]);
        _fraction = -1;
        Log.WriteLine($"Pruning channels of {groups.Count} group(s) during training until {Format(Sparsity)}% ({Context.ToString().ToLowerInvariant()}, {Criterion.Name}, {Schedule.Name} schedule)");
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (!learn.Training || _graph is null) return;
        var lastBatch = learn.TrainIteration == (long)learn.NEpoch * learn.Dls.Train.Count - 1;
        var fraction = Schedule.Progress(lastBatch ? 1.0 : Math.Round(learn.PctTrain, 3));
        if (fraction <= _fraction) return;
        _fraction = fraction;
        ZeroChannelsUpTo(fraction);
    }

    /// <inheritdoc />
    public override void AfterStep()
    {
        if (_graph is not null) ApplyZeros();
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        if (_graph is null) return;
        var zeroed = _zeroed.Values.Sum(z => z.Count(x => x));
        var total = _zeroed.Values.Sum(z => z.Length);
        Log.WriteLine($"Channels zeroed at the end of epoch {Learn.Epoch}: {zeroed} of {total} ({Format(100.0 * zeroed / total)}%)");
    }

    /// <summary>Removes the zeroed channels (when <see cref="RemoveAtEnd"/>) and logs the result.</summary>
    public override void AfterFit()
    {
        if (_graph is null) return;
        try
        {
            ApplyZeros();
            if (!RemoveAtEnd) return;
            Result = Pruner.RemoveZeroFilters(Learn.Model, _sample!);
            Log.WriteLine($"Removed the zeroed channels: {Result.ParametersBefore:N0} → {Result.ParametersAfter:N0} parameters");
        }
        finally
        {
            Release();
        }
    }

    private List<ChannelGroup> Selected(DependencyGraph graph) =>
        graph.Groups.Where(g => g.IsPrunable && Pruner.ProducedBy(g, LayerTypes)).ToList();

    /// <summary>Zeroes, in each group, the lowest-scored channels up to the target at <paramref name="fraction"/> of the
    /// schedule; channels already zeroed stay zeroed and count towards it.</summary>
    private void ZeroChannelsUpTo(double fraction)
    {
        var groups = _zeroed.Keys.ToList();
        var scores = groups.ToDictionary(g => g, g =>
        {
            var s = ChannelScores.Compute(g, Criterion);
            for (var c = 0; c < s.Length; c++) if (_zeroed[g][c]) s[c] = double.NegativeInfinity;
            return s;
        });
        var counts = Context == SparsityContext.Local
            ? groups.ToDictionary(g => g, g => Pruner.PrunedCount(g.Channels, TargetOf(g) * fraction))
            : Pruner.GlobalPrunedCounts(groups, scores, Sparsity * fraction);
        foreach (var group in groups)
        {
            var target = Math.Min(counts[group], group.Channels - 1);
            foreach (var c in GroupZeroing.Lowest(scores[group], target)) _zeroed[group][c] = true;
        }
        ApplyZeros();
    }

    private double TargetOf(ChannelGroup group) =>
        _groupSparsities is not null && _groupSparsities.TryGetValue(group.Name, out var s) ? s : Sparsity;

    /// <summary>Writes zeros into every zeroed channel of every member that produces it (<see cref="GroupZeroing"/>).</summary>
    private void ApplyZeros()
    {
        foreach (var (group, zeroed) in _zeroed)
            GroupZeroing.Zero(group, zeroed.Select((z, c) => (z, c)).Where(x => x.z).Select(x => (long)x.c).ToArray());
    }

    private void Release()
    {
        _sample?.Dispose();
        _sample = null;
        _graph = null;
    }

    private static void CheckSparsity(double value, string name)
    {
        if (!(value >= 0 && value <= 100)) throw new ArgumentException($"{name} is {value}; a sparsity is a percentage in [0, 100]", name);
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
