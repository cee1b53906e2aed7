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

    /// <summary>Creates a learner.</summary>
    /// <param name="dls">Training and validation data.</param>
    /// <param name="model">The model; its output feeds <paramref name="lossFunc"/>.</param>
    /// <param name="lossFunc">(predictions, targets) → scalar loss; default cross-entropy.</param>
    /// <param name="optimizerFactory">Creates the optimizer at the first fit; default AdamW with fastai's
    /// settings (betas 0.9/0.99, eps 1e-5, weight decay 0.01).</param>
    /// <param name="metrics">Computed on the validation set after every epoch.</param>
    /// <param name="callbacks">Attached for the learner's whole life (besides the recorder and progress).</param>
    /// <param name="showProgress">Attach a <see cref="ProgressCallback"/> (epoch table, progress bar).</param>
    public Learner(DataLoaders dls, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor>? lossFunc = null,
        OptimizerFactory? optimizerFactory = null, IEnumerable<Metric>? metrics = null, IEnumerable<Callback>? callbacks = null,
        bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(dls);
        ArgumentNullException.ThrowIfNull(model);
        Dls = dls;
        Model = model;
        LossFunc = lossFunc ?? ((pred, targ) => nn.functional.cross_entropy(pred, targ));
        OptimizerFactory = optimizerFactory ?? DefaultOptimizer;
        Metrics = metrics?.ToList() ?? [];
        foreach (var m in Metrics) ArgumentNullException.ThrowIfNull(m, nameof(metrics));
        Recorder = new Recorder();
        Add(Recorder);
        if (showProgress) Add(new ProgressCallback());
        foreach (var cb in callbacks ?? []) Add(cb);
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

    /// <summary>Creates <see cref="Optimizer"/> at the first fit.</summary>
    public OptimizerFactory OptimizerFactory { get; }

    /// <summary>The optimizer, created at the first fit and kept across fits (null before).</summary>
    public optim.Optimizer? Optimizer { get; private set; }

    /// <summary>The validation metrics.</summary>
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

    /// <summary>Attaches a callback for the learner's life.</summary>
    /// <exception cref="ArgumentException">It is already attached to a learner.</exception>
    public Learner Add(Callback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_callbacks.Contains(callback)) return this;
        if (callback.Attached is not null && !ReferenceEquals(callback.Attached, this))
            throw new ArgumentException($"{callback.Name} is already attached to another learner", nameof(callback));
        callback.Learn = this;
        var index = _callbacks.FindLastIndex(c => c.Order <= callback.Order) + 1;
        _callbacks.Insert(index, callback);
        return this;
    }

    /// <summary>Detaches a callback.</summary>
    public Learner Remove(Callback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_callbacks.Remove(callback)) callback.Detach();
        return this;
    }

    /// <summary>The callback of type <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>() where T : Callback => _callbacks.OfType<T>().FirstOrDefault();
}
