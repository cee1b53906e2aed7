using FasterSharp.Data;
using FasterSharp.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>Creates the optimizer for a learner from the model's parameters and a learning rate.</summary>
public delegate optim.Optimizer OptimizerFactory(IEnumerable<Parameter> parameters, double lr);

/// <summary>fastai's Learner: one training loop over <see cref="DataLoaders"/>, a model, a loss and an
/// optimizer, with every other behaviour (recording, progress, schedules, sparsity…) in
/// <see cref="Callback"/>s hooked on its events.</summary>
public sealed partial class Learner
{
    private readonly List<Callback> _callbacks = [];
    private readonly bool _defaultLoss;

    /// <summary>Creates a learner.</summary>
    /// <param name="dls">Training and validation data.</param>
    /// <param name="model">The model; its output feeds <paramref name="lossFunc"/>.</param>
    /// <param name="lossFunc">(predictions, targets) → scalar loss; default cross-entropy.</param>
    /// <param name="optimizerFactory">Creates the optimizer at the first fit; default AdamW with fastai's
    /// settings (betas 0.9/0.99, eps 1e-5, weight decay 0.01).</param>
    /// <param name="metrics">Computed on the validation set after every epoch. Their names are columns of the
    /// epoch table: each must be non-blank, unique, and not epoch, train_loss, valid_loss or time.</param>
    /// <param name="callbacks">Attached for the learner's whole life (besides the recorder and progress).</param>
    /// <param name="showProgress">Attach a <see cref="ProgressCallback"/> (epoch table, progress bar).</param>
    /// <exception cref="ArgumentNullException"><paramref name="dls"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">A null metric or callback, a bad or repeated metric name, or a callback
    /// attached to another learner. Nothing is attached when it throws.</exception>
    public Learner(DataLoaders dls, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor>? lossFunc = null,
        OptimizerFactory? optimizerFactory = null, IEnumerable<Metric>? metrics = null, IEnumerable<Callback>? callbacks = null,
        bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(dls);
        ArgumentNullException.ThrowIfNull(model);
        var metricList = metrics?.ToArray() ?? [];
        CheckMetricNames(metricList);
        var callbackList = callbacks?.ToArray() ?? [];
        CheckAttachable(callbackList, nameof(callbacks));
        Dls = dls;
        Model = model;
        _defaultLoss = lossFunc is null;
        LossFunc = lossFunc ?? ((pred, targ) => nn.functional.cross_entropy(pred, targ));
        OptimizerFactory = optimizerFactory ?? DefaultOptimizer;
        Metrics = metricList;
        Recorder = new Recorder();
        Attach(Recorder);
        if (showProgress) Attach(new ProgressCallback());
        foreach (var cb in callbackList) Attach(cb);
    }

    /// <summary>The names the epoch table uses besides the metrics'.</summary>
    private static readonly string[] ReservedColumns = ["epoch", "train_loss", "valid_loss", "time"];

    private static void CheckMetricNames(IReadOnlyList<Metric> metrics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i] is null) throw new ArgumentNullException(nameof(metrics), $"metric {i} is null");
            var name = metrics[i].Name;
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"metric {i} ({metrics[i].GetType().Name}) has a blank name; names are the columns of the epoch table", nameof(metrics));
            if (ReservedColumns.Contains(name))
                throw new ArgumentException($"a metric is named '{name}', a column the epoch table already has ({string.Join(", ", ReservedColumns)}); rename the metric", nameof(metrics));
            if (!seen.Add(name))
                throw new ArgumentException($"two metrics are named '{name}'; metric names are the columns of the epoch table and must be unique", nameof(metrics));
        }
    }

    /// <summary>Checks callbacks before any is attached, so a bad one attaches none.</summary>
    private void CheckAttachable(IReadOnlyList<Callback> callbacks, string parameterName)
    {
        for (var i = 0; i < callbacks.Count; i++)
        {
            var cb = callbacks[i] ?? throw new ArgumentNullException(parameterName, $"callback {i} is null");
            if (cb.Attached is not null && !ReferenceEquals(cb.Attached, this))
                throw new ArgumentException($"{cb.Name} (callback {i}) is already attached to another learner; a callback serves one learner", parameterName);
        }
    }

    /// <summary>fastai's default optimizer: AdamW, betas (0.9, 0.99), eps 1e-5, weight decay 0.01.</summary>
    public static optim.Optimizer DefaultOptimizer(IEnumerable<Parameter> parameters, double lr) =>
        optim.AdamW(parameters, lr, beta1: 0.9, beta2: 0.99, eps: 1e-5, weight_decay: 0.01);

    /// <summary>The data.</summary>
    public DataLoaders Dls { get; }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The loss function.</summary>
    public Func<Tensor, Tensor, Tensor> LossFunc { get; }

    /// <summary>Creates <see cref="Optimizer"/> at the first fit, and again when the model's parameters changed (it is
    /// then given the model's parameters and those a callback added to the old optimizer, such as FitNet's adapters).</summary>
    public OptimizerFactory OptimizerFactory { get; }

    /// <summary>The optimizer, created at the first fit and kept across fits (null before). When the model's
    /// parameters are no longer the ones it was made over — layers replaced by a Pruner, BatchNormFolder or
    /// LinearDecomposer, between fits or by a callback during one — it is replaced, before the next fit or optimizer
    /// step, by a new one from <see cref="OptimizerFactory"/> with the same learning rate and momentum; its running
    /// state (Adam's moments, SGD's momentum buffers) starts afresh, and a line on the console says so. Callbacks
    /// should read this property when they need the optimizer rather than keep it.</summary>
    public optim.Optimizer? Optimizer { get; private set; }

    /// <summary>The validation metrics (fixed at construction).</summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>Per-epoch losses, metrics and times, and per-batch losses and learning rates.</summary>
    public Recorder Recorder { get; }

    /// <summary>The attached callbacks, in the order they run.</summary>
    public IReadOnlyList<Callback> Callbacks => _callbacks;

    /// <summary>Epochs of the current fit.</summary>
    public int NEpoch { get; private set; }

    /// <summary>The current epoch, from 0.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches per epoch in the current phase.</summary>
    public int NIter { get; private set; }

    /// <summary>The current batch within the phase, from 0.</summary>
    public int Iteration { get; private set; }

    /// <summary>Training batches done in this fit.</summary>
    public int TrainIteration { get; private set; }

    /// <summary>Training progress of this fit, from 0 to 1 (by training batches).</summary>
    public double PctTrain { get; private set; }

    /// <summary>True in the training phase, false while validating.</summary>
    public bool Training { get; private set; }

    /// <summary>The current batch's input (disposed when the batch ends).</summary>
    public Tensor? X { get; set; }

    /// <summary>The current batch's targets (disposed when the batch ends).</summary>
    public Tensor? Y { get; set; }

    /// <summary>The model's output for the current batch.</summary>
    public Tensor? Pred { get; set; }

    /// <summary>The current batch's loss.</summary>
    public Tensor? Loss { get; set; }

    /// <summary>Attaches a callback for the learner's life (no effect if it is already attached here).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentException">It is attached to another learner.</exception>
    /// <exception cref="InvalidOperationException">Called while the learner runs (from a callback event, or another thread).</exception>
    public Learner Add(Callback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ThrowIfRunning(nameof(Add));
        CheckAttachable([callback], nameof(callback));
        Attach(callback);
        return this;
    }

    /// <summary>Detaches a callback (no effect if it is not attached here).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentException">It is the <see cref="Recorder"/>, which is always attached.</exception>
    /// <exception cref="InvalidOperationException">Called while the learner runs (from a callback event, or another thread).</exception>
    public Learner Remove(Callback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (ReferenceEquals(callback, Recorder))
            throw new ArgumentException("the Recorder is always attached: the epoch table, SaveModelCallback and the progress display read it", nameof(callback));
        ThrowIfRunning(nameof(Remove));
        Detach(callback);
        return this;
    }

    private void Attach(Callback callback)
    {
        if (_callbacks.Contains(callback)) return;
        callback.Learn = this;
        var index = _callbacks.FindLastIndex(c => c.Order <= callback.Order) + 1;
        _callbacks.Insert(index, callback);
    }

    private void Detach(Callback callback)
    {
        if (_callbacks.Remove(callback)) callback.Detach();
    }

    /// <summary>The callback of type <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>() where T : Callback => _callbacks.OfType<T>().FirstOrDefault();
}
