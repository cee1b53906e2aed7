using System.Globalization;
using FasterSharp.Learning;
using FasterSharp.Models;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Regularize;

/// <summary>Adds a sparsity-inducing penalty to the training loss: λ(p) × penalty(w), with p the fraction of training
/// done and λ(p) = <see cref="Weight"/> × <see cref="Schedule"/>.Progress(p) (a constant λ without a schedule). The
/// penalty is L1, L2 or group lasso over the weights of the selected layers (fasterai's <c>RegularizationCallback</c>,
/// with L1/L2 and a schedule added). Used before pruning, it drives the weights (L1) or whole filters (group lasso by
/// filter) that the pruner will remove towards zero, so removing them costs less accuracy. Validation losses are not
/// penalized; the training loss the <see cref="Recorder"/> shows includes the penalty, as in fasterai, and
/// <see cref="History"/> and the log give the penalty beside it, epoch by epoch.</summary>
public sealed class RegularizeCallback : Callback
{
    private readonly List<RegularizationRecord> _history = [];
    private List<(string Name, Parameter Weight, long[] ReducedDims)> _layers = [];
    private double _penaltySum, _weightSum, _addedSum;
    private int _batches;

    /// <summary>Creates the callback.</summary>
    /// <param name="penalty">L1, L2 or group lasso.</param>
    /// <param name="weight">λ at full schedule: finite and in (0, 1e3].</param>
    /// <param name="schedule">How λ grows over training (values are fractions of <paramref name="weight"/> in [0, 1]);
    /// null for a constant λ.</param>
    /// <param name="granularity">The groups of <see cref="Penalty.GroupLasso"/> (default <see cref="Granularity.Filter"/>);
    /// must be null for L1 and L2.</param>
    /// <param name="layerTypes">Which layers' weights are penalized (default Conv2d, as the sparsifier).</param>
    /// <param name="log">Where the epoch lines go (default <see cref="Console.Out"/>).</param>
    /// <exception cref="ArgumentException">An undefined penalty, a weight out of range, a schedule whose values leave
    /// [0, 1], a granularity with L1/L2 or one that applies to none of the layer types, or no layer type.</exception>
    public RegularizeCallback(Penalty penalty, double weight, Schedule? schedule = null, Granularity? granularity = null,
        LayerTypes layerTypes = LayerTypes.Conv2d, TextWriter? log = null)
    {
        if (!Enum.IsDefined(penalty)) throw new ArgumentException($"undefined penalty {(int)penalty}; use L1, L2 or GroupLasso", nameof(penalty));
        if (!(weight > 0 && weight <= 1e3))
            throw new ArgumentException($"weight is {weight}; the penalty's weight λ must be a finite number in (0, 1000]", nameof(weight));
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        if (penalty != Penalty.GroupLasso && granularity is not null)
            throw new ArgumentException($"a granularity groups weights for the group lasso only; {penalty} penalizes single weights, so pass null", nameof(granularity));
        granularity ??= penalty == Penalty.GroupLasso ? Granularity.Filter : null;
        if (granularity is not null && !granularity.IsAllowedForAny(layerTypes))
            throw new ArgumentException($"granularity '{granularity.Name}' applies to none of the layer types {layerTypes}", nameof(granularity));
        schedule?.ThrowUnlessFractions(nameof(schedule), "the weight λ");
        Penalty = penalty;
        Weight = weight;
        Schedule = schedule;
        Granularity = granularity;
        LayerTypes = layerTypes;
        Log = log ?? Console.Out;
    }

    /// <summary>L1, L2 or group lasso.</summary>
    public Penalty Penalty { get; }

    /// <summary>λ at full schedule.</summary>
    public double Weight { get; }

    /// <summary>How λ grows over training; null for a constant λ.</summary>
    public Schedule? Schedule { get; }

    /// <summary>The groups of the group lasso; null for L1 and L2.</summary>
    public Granularity? Granularity { get; }

    /// <summary>Which layers' weights are penalized.</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>Where the epoch lines go.</summary>
    public TextWriter Log { get; }

    /// <summary>One record per training epoch of the last fit: mean penalty, mean λ and mean amount added to the loss.</summary>
    public IReadOnlyList<RegularizationRecord> History => _history;

    /// <summary>The penalty's value for <paramref name="model"/>'s current weights (unweighted, no gradient), the quantity
    /// this callback adds λ times to the loss.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The model has no layer of the selected types that the granularity applies to.</exception>
    public double Measure(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        using var _ = no_grad();
        using var penalty = Compute(SelectLayers(model));
        return penalty.to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>λ at training progress <paramref name="p"/> (in [0, 1]).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    public double WeightAt(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "training progress is a fraction in [0, 1]");
        return Schedule is null ? Weight : Weight * Schedule.Progress(p);
    }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        _history.Clear();
        _layers = SelectLayers(Learn.Model);
        var groups = Granularity is null ? "single weights" : $"groups by {Granularity.Name}";
        Log.WriteLine($"Regularizing {_layers.Count} layer(s) with {Describe(Penalty)} over {groups}, λ = {Format(Weight)}" +
                      (Schedule is null ? " (constant)" : $" on the {Schedule.Name} schedule"));
    }

    /// <inheritdoc />
    public override void BeforeEpoch()
    {
        _penaltySum = _weightSum = _addedSum = 0;
        _batches = 0;
    }

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training || Learn.Loss is null) return;
        // Selected anew every batch (a walk over the modules, microseconds): a pruner in another callback may have
        // replaced layers since the last batch.
        _layers = SelectLayers(Learn.Model);
        var lambda = WeightAt(Math.Clamp(Learn.PctTrain, 0, 1));
        var penalty = Compute(_layers);
        var value = penalty.detach().to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"the {Describe(Penalty)} penalty is {value} at epoch {Learn.Epoch}: a weight is not finite; lower the learning rate or the weight λ");
        Learn.Loss = Learn.Loss + penalty.mul(lambda);
        _penaltySum += value;
        _weightSum += lambda;
        _addedSum += lambda * value;
        _batches++;
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        if (_batches == 0) return;
        var record = new RegularizationRecord(Learn.Epoch, _penaltySum / _batches, _weightSum / _batches, _addedSum / _batches);
        _history.Add(record);
        Log.WriteLine($"Regularization in epoch {record.Epoch}: mean penalty {Format(record.Penalty)}, mean λ {Format(record.Weight)}, " +
                      $"mean added to the loss {Format(record.AddedLoss)}");
    }

    private List<(string Name, Parameter Weight, long[] ReducedDims)> SelectLayers(nn.Module model)
    {
        var layers = new List<(string, Parameter, long[])>();
        foreach (var (name, module) in ModelWalk.DepthFirst(model))
        {
            if (!ModelWalk.IsSelected(module, LayerTypes)) continue;
            if (Granularity is not null && !Granularity.IsAllowedFor(module)) continue;
            var weight = module switch
            {
                Conv2d conv => conv.weight,
                Linear linear => linear.weight,
                _ => null,
            };
            if (weight is null) continue;
            layers.Add((name, weight, Granularity?.ReducedDims(module) ?? []));
        }

        return layers.Count > 0
            ? layers
            : throw new ArgumentException($"the model has no {LayerTypes} layer{(Granularity is null ? "" : $" that granularity '{Granularity.Name}' applies to")} to regularize");
    }

    /// <summary>The penalty summed over <paramref name="layers"/>, with autograd history (a float32 scalar).</summary>
    private Tensor Compute(IReadOnlyList<(string Name, Parameter Weight, long[] ReducedDims)> layers)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var (_, weight, dims) in layers)
        {
            var term = Penalty switch
            {
                Penalty.L1 => weight.abs().sum(),
                Penalty.L2 => weight.square().sum(),
                _ => GroupNorms(weight, dims).sum(),
            };
            total = total is null ? term : total.add(term);
        }

        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>‖w_g‖₂ of every group: the square root of the sum of squares over the granularity's dims. A group that is
    /// exactly zero has a norm whose gradient is undefined at 0; a tiny epsilon inside the root keeps it finite (0).</summary>
    private static Tensor GroupNorms(Tensor weight, long[] dims) =>
        dims.Length == 0 ? weight.abs() : weight.square().sum(dims).add(1e-12).sqrt();

    private static string Describe(Penalty penalty) => penalty switch
    {
        Penalty.L1 => "L1",
        Penalty.L2 => "L2",
        _ => "group-lasso",
    };

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
