using System.Globalization;
using FasterSharp.Learning;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Sparsifies a model while it trains (fasterai's SparsifyCallback): before each training batch the
/// target sparsity follows <see cref="Schedule"/> (by training progress, rounded to 0.001 as fasterai does) and,
/// when it changed, the model is re-pruned to it; after every optimizer step the masks are re-applied, so pruned
/// weights stay exactly zero. With <see cref="Lth"/> (lottery-ticket hypothesis) the weights are saved at the
/// start of <see cref="RewindEpoch"/> and, each time the sparsity changes, the surviving weights are reset to
/// those values (BatchNorm statistics reset too). It writes fasterai's log lines ("Pruning of weight until a
/// sparsity of 50%", "Saving Weights at epoch 0", "Resetting Weights to their epoch 0 values", "Sparsity at the
/// end of epoch N: X%", "Final Sparsity: X%"), where X is the sparsity measured over the sparsified layers, not the
/// schedule's value. The last training batch of a fit runs at schedule progress 1, so a fit that completes ends at
/// the target.</summary>
public sealed class SparsifyCallback : Callback
{
    private readonly double _sparsity;
    private readonly IReadOnlyDictionary<string, double>? _layerSparsities;
    private double _progress;
    private bool _changed;

    /// <summary>Prunes every selected layer to <paramref name="sparsity"/> percent by the end of the schedule.</summary>
    /// <param name="sparsity">Target sparsity in percent, in [0, 100].</param>
    /// <param name="granularity">Which weights share a score ("weight", "filter", …).</param>
    /// <param name="context">Local (per layer) or global (one threshold for all layers).</param>
    /// <param name="criterion">How weights are scored (e.g. <see cref="Criteria.LargeFinal"/>).</param>
    /// <param name="schedule">How the sparsity grows with training progress (e.g. <see cref="Schedule.Agp"/>).</param>
    /// <param name="lth">Reset surviving weights to their <paramref name="rewindEpoch"/> values whenever the sparsity changes.</param>
    /// <param name="rewindEpoch">The epoch whose starting weights are saved (0 = initialization); must not come after the pruning starts.</param>
    /// <param name="resetEnd">Reset the surviving weights once more after the fit (the supermask: trained mask, rewound weights).</param>
    /// <param name="saveTickets">With <paramref name="lth"/>, save the model each time the sparsity changes and after the fit, as
    /// winning_ticket_{sparsity}.dat in <paramref name="ticketFolder"/>.</param>
    /// <param name="model">The (sub-)model to prune; default the learner's model.</param>
    /// <param name="roundTo">Round each layer's kept group count up to a multiple of this.</param>
    /// <param name="layerTypes">Which layers to prune; default Conv2d, as fasterai.</param>
    /// <param name="log">Where the log lines go; default the console.</param>
    /// <param name="ticketFolder">Folder for saved tickets; default the current folder.</param>
    /// <exception cref="ArgumentException">Sparsity NaN or outside [0, 100], negative rewind epoch, roundTo &lt; 1, undefined
    /// context or layer types, a granularity none of the layer types allows, a schedule with a value outside [0, 1]
    /// (or one that throws) at any point of training, or a ticket folder that is a file or not a path. What depends on
    /// the model (the layers, the layer names, the criterion on real weights, the rewind epoch against the number of
    /// epochs) is checked when the fit starts, before any weight changes.</exception>
    public SparsifyCallback(double sparsity, Granularity granularity, SparsityContext context, Criterion criterion, Schedule schedule,
        bool lth = false, int rewindEpoch = 0, bool resetEnd = false, bool saveTickets = false, nn.Module? model = null,
        int? roundTo = null, LayerTypes layerTypes = LayerTypes.Conv2d, TextWriter? log = null, string? ticketFolder = null)
        : this(granularity, context, criterion, schedule, lth, rewindEpoch, resetEnd, saveTickets, model, roundTo, layerTypes, log, ticketFolder)
    {
        CheckSparsity(sparsity, nameof(sparsity));
        _sparsity = sparsity;
    }

    /// <summary>Prunes each named layer to its own sparsity (percent) by the end of the schedule (local context).</summary>
    /// <exception cref="ArgumentException">An empty map, a sparsity NaN or outside [0, 100], or as the other constructor.</exception>
    public SparsifyCallback(IReadOnlyDictionary<string, double> layerSparsities, Granularity granularity, Criterion criterion, Schedule schedule,
        bool lth = false, int rewindEpoch = 0, bool resetEnd = false, bool saveTickets = false, nn.Module? model = null,
        int? roundTo = null, LayerTypes layerTypes = LayerTypes.Conv2d, TextWriter? log = null, string? ticketFolder = null)
        : this(granularity, SparsityContext.Local, criterion, schedule, lth, rewindEpoch, resetEnd, saveTickets, model, roundTo, layerTypes, log, ticketFolder)
    {
        ArgumentNullException.ThrowIfNull(layerSparsities);
        if (layerSparsities.Count == 0) throw new ArgumentException("the map of per-layer sparsities is empty", nameof(layerSparsities));
        foreach (var (name, value) in layerSparsities) CheckSparsity(value, $"{nameof(layerSparsities)}[{name}]");
        _layerSparsities = new Dictionary<string, double>(layerSparsities);
        _sparsity = layerSparsities.Values.Max();
    }

    private SparsifyCallback(Granularity granularity, SparsityContext context, Criterion criterion, Schedule schedule, bool lth,
        int rewindEpoch, bool resetEnd, bool saveTickets, nn.Module? model, int? roundTo, LayerTypes layerTypes, TextWriter? log,
        string? ticketFolder)
    {
        ArgumentNullException.ThrowIfNull(granularity);
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(schedule);
        if (rewindEpoch < 0) throw new ArgumentOutOfRangeException(nameof(rewindEpoch), rewindEpoch, "must be 0 or more");
        if (roundTo is < 1) throw new ArgumentOutOfRangeException(nameof(roundTo), roundTo, "must be at least 1");
        if (!Enum.IsDefined(context)) throw new ArgumentException($"undefined context {(int)context}; use Local or Global", nameof(context));
        Sparsifier.CheckLayerTypes(layerTypes);
        if (!granularity.IsAllowedForAny(layerTypes))
            throw new ArgumentException(
                $"granularity '{granularity.Name}' applies to none of the selected layer types ({layerTypes}); " +
                $"Linear layers allow {string.Join(", ", Granularity.AllowedFor(nn.Linear(1, 1)).Select(g => g.Name))}", nameof(granularity));
        CheckScheduleValues(schedule);
        if (saveTickets) ticketFolder = CheckTicketFolder(ticketFolder ?? ".");
        Granularity = granularity;
        Context = context;
        Criterion = criterion;
        Schedule = schedule;
        Lth = lth;
        RewindEpoch = rewindEpoch;
        ResetEnd = resetEnd;
        SaveTickets = saveTickets;
        Model = model;
        RoundTo = roundTo;
        LayerTypes = layerTypes;
        Log = log ?? Console.Out;
        TicketFolder = ticketFolder ?? ".";
    }

    /// <summary>The callback evaluates the schedule at training progress rounded to 0.001 (as fasterai), so these
    /// 1,001 points are every value it can ask for: each must be a fraction of the target in [0, 1].</summary>
    private static void CheckScheduleValues(Schedule schedule)
    {
        foreach (var (name, value) in new[] { ("startValue", schedule.StartValue), ("endValue", schedule.EndValue) })
            if (!(value >= 0 && value <= 1))
                throw new ArgumentException(
                    $"schedule '{schedule.Name}' has {name} {value}; a sparsity schedule's values are fractions of the target sparsity and must be in [0, 1]", nameof(schedule));
        for (var k = 0; k <= 1000; k++)
        {
            var p = k / 1000.0;
            double value;
            try
            {
                value = schedule.Progress(p);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException($"schedule '{schedule.Name}' fails at {p:0.###} of training: {e.Message}", nameof(schedule), e);
            }
            if (!(value >= 0 && value <= 1))
                throw new ArgumentException(
                    $"schedule '{schedule.Name}' gives {value} at {p:0.###} of training; a sparsity schedule's values are fractions of the target sparsity " +
                    $"and must be in [0, 1] (its startValue is {schedule.StartValue}, endValue {schedule.EndValue})", nameof(schedule));
        }
    }

    private static string CheckTicketFolder(string folder)
    {
        const string name = "ticketFolder";
        if (string.IsNullOrWhiteSpace(folder) || folder.Contains('\0'))
            throw new ArgumentException($"'{folder.Replace("\0", "\\0")}' is not a folder path (blank or with a NUL character)", name);
        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"'{folder}' is not a valid folder path: {e.Message}", name, e);
        }
        if (File.Exists(full)) throw new ArgumentException($"'{folder}' is a file; tickets are saved into a folder", name);
        return folder;
    }

    /// <summary>Which weights share a score.</summary>
    public Granularity Granularity { get; }
    /// <summary>Local or global thresholds.</summary>
    public SparsityContext Context { get; }
    /// <summary>How weights are scored.</summary>
    public Criterion Criterion { get; }
    /// <summary>How the sparsity grows with training progress.</summary>
    public Schedule Schedule { get; }
    /// <summary>Whether surviving weights are rewound when the sparsity changes.</summary>
    public bool Lth { get; }
    /// <summary>The epoch whose starting weights are saved for rewinding.</summary>
    public int RewindEpoch { get; }
    /// <summary>Whether surviving weights are rewound after the fit.</summary>
    public bool ResetEnd { get; }
    /// <summary>Whether tickets are saved.</summary>
    public bool SaveTickets { get; }
    /// <summary>The sub-model to prune, or null for the learner's model.</summary>
    public nn.Module? Model { get; }
    /// <summary>Kept-count rounding, or null.</summary>
    public int? RoundTo { get; }
    /// <summary>Which layers are pruned.</summary>
    public LayerTypes LayerTypes { get; }
    /// <summary>Where the log lines go.</summary>
    public TextWriter Log { get; }
    /// <summary>Where tickets are saved.</summary>
    public string TicketFolder { get; }

    /// <summary>The sparsity (percent) the schedule asks for now.</summary>
    public double CurrentSparsity => _sparsity * _progress;

    /// <summary>The sparsifier of the current fit (null outside a fit). After the fit, the masks are gone
    /// but <see cref="FinalReport"/> keeps the per-layer sparsity.</summary>
    public Sparsifier? Sparsifier { get; private set; }

    /// <summary>The per-layer sparsity at the end of the last fit.</summary>
    public SparsityReport? FinalReport { get; private set; }

    internal override void CheckBeforeFit(int epochs)
    {
        var firstPruningEpoch = Schedule.StartPct * epochs;
        if (RewindEpoch > firstPruningEpoch)
            throw new ArgumentException(
                $"rewindEpoch {RewindEpoch} comes after the pruning starts (epoch {firstPruningEpoch.ToString("0.##", CultureInfo.InvariantCulture)} of {epochs}, " +
                $"startPct {Schedule.StartPct}); rewind to an epoch before the pruning starts", "rewindEpoch");
        var walk = ModelWalk.DepthFirst(Model ?? Learn.Model).ToList();
        var layers = Sparsifier.SelectLayers(walk, Granularity, LayerTypes);
        if (_layerSparsities is not null)
            foreach (var name in _layerSparsities.Keys)
                if (!layers.Any(l => l.Name == name))
                    throw new ArgumentException(
                        $"no layer named '{name}' among the sparsified layers ({string.Join(", ", layers.Select(l => l.Name))})", "layerSparsities");
        // The criterion scores every layer once now (w0 = wp = w), so a criterion that throws or returns the wrong
        // shape fails before the first batch instead of at the first pruning step.
        foreach (var (name, module) in layers)
        {
            var weight = module switch { TorchSharp.Modules.Conv2d c => c.weight!, TorchSharp.Modules.Linear l => l.weight!, _ => null };
            if (weight is null) continue;
            try
            {
                using var scope = NewDisposeScope();
                using var w = weight.detach();
                Criterion.GroupScores(w, w, w, null, Granularity.ReducedDims(module), name);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var reason = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
                throw new ArgumentException($"criterion '{Criterion.Name}' fails on layer '{name}': {reason}", "criterion", e);
            }
        }
    }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        var learn = Learn;
        Release();
        var sparsifier = new Sparsifier(Model ?? learn.Model, Granularity, Context, Criterion, LayerTypes);
        try
        {
            if (_layerSparsities is not null) sparsifier.SparsifyModel(_layerSparsities.ToDictionary(kv => kv.Key, _ => 0.0), RoundTo);
        }
        catch
        {
            sparsifier.Dispose();
            throw;
        }
        Sparsifier = sparsifier;
        _progress = 0;
        _changed = false;
        Log.WriteLine($"Pruning of {Granularity.Name} until a sparsity of {Format(_sparsity, "0.##")}%");
    }

    /// <inheritdoc />
    public override void BeforeEpoch()
    {
        if (Sparsifier is null || Learn.Epoch != RewindEpoch) return;
        Log.WriteLine($"Saving Weights at epoch {Learn.Epoch}");
        Sparsifier.SaveWeights();
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (!learn.Training || Sparsifier is null) return;
        // PctTrain is the progress before this batch, so the last batch would run at (n−1)/n and a schedule
        // that ends at the target would stop just short of it (a group per layer lost to flooring): the last
        // training batch of the fit runs at progress 1, so a fit that completes ends at the target.
        var lastBatch = learn.TrainIteration == (long)learn.NEpoch * learn.Dls.Train.Count - 1;
        var progress = Schedule.Progress(lastBatch ? 1.0 : Math.Round(learn.PctTrain, 3));
        _changed = progress != _progress;
        _progress = progress;
        if (!_changed) return;
        if (Lth && SaveTickets) SaveTicket("Saving Intermediate Ticket");
        if (_layerSparsities is null) Sparsifier.SparsifyModel(CurrentSparsity, RoundTo);
        else Sparsifier.SparsifyModel(_layerSparsities.ToDictionary(kv => kv.Key, kv => kv.Value * progress), RoundTo);
    }

    /// <inheritdoc />
    public override void AfterStep()
    {
        if (Sparsifier is null) return;
        if (Lth && _changed)
        {
            Log.WriteLine($"Resetting Weights to their epoch {RewindEpoch} values");
            Sparsifier.ResetWeights();
        }
        _changed = false;
        Sparsifier.ApplyMasks();
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        if (Sparsifier is null) return;
        Log.WriteLine($"Sparsity at the end of epoch {Learn.Epoch}: {Format(MeasuredSparsity(Sparsifier), "0.00")}%");
    }

    /// <summary>Logs the final sparsity, rewinds the survivors with <see cref="ResetEnd"/>, keeps the
    /// <see cref="FinalReport"/> and frees the sparsifier. Does nothing when this callback's BeforeFit did not run
    /// (an earlier callback cancelled the fit first).</summary>
    public override void AfterFit()
    {
        var sparsifier = Sparsifier;
        if (sparsifier is null) return;
        try
        {
            if (SaveTickets) SaveTicket("Saving Final Ticket");
            if (ResetEnd) sparsifier.ResetWeights();
            FinalReport = sparsifier.Report();
            Log.WriteLine($"Final Sparsity: {Format(FinalReport.Overall.Sparsity, "0.00")}%");
            Log.WriteLine(FinalReport.ToString());
        }
        finally
        {
            Release();
        }
    }

    /// <summary>The share of zero weights over the sparsified layers, measured (what the log reports): it can
    /// differ from <see cref="CurrentSparsity"/> by the rounding of group counts, weights that were zero anyway, and
    /// per-layer targets.</summary>
    private static double MeasuredSparsity(Sparsifier sparsifier) => sparsifier.Report().Overall.Sparsity;

    internal override void ReleaseAfterFailedFit() => Release();

    private void Release()
    {
        Sparsifier?.Dispose();
        Sparsifier = null;
    }

    private void SaveTicket(string message)
    {
        Log.WriteLine(message);
        StateDictFile.Save(Model ?? Learn.Model, Path.Combine(TicketFolder, $"winning_ticket_{Format(CurrentSparsity, "0.00")}.dat"));
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void CheckSparsity(double value, string name)
    {
        if (!(value >= 0 && value <= 100)) throw new ArgumentOutOfRangeException(name, value, "sparsity must be a percentage in [0, 100]");
    }
}
