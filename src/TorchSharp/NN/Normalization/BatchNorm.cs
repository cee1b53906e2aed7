using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>Batch normalization over the channel dimension (dimension 1): y = (x − mean)/√(var + eps)·weight + bias.
/// In training mode it uses the batch's statistics and, when <see cref="track_running_stats"/>, updates
/// running_mean/running_var as running = (1 − momentum)·running + momentum·batch (unbiased batch variance)
/// and counts num_batches_tracked; in evaluation mode it uses the running statistics.</summary>
public abstract class BatchNorm : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = nameof(weight))] private Parameter? _weight;
    [ComponentName(Name = nameof(bias))] private Parameter? _bias;
    [ComponentName(Name = nameof(running_mean))] private Tensor? _running_mean;
    [ComponentName(Name = nameof(running_var))] private Tensor? _running_var;
    [ComponentName(Name = nameof(num_batches_tracked))] private Tensor? _num_batches_tracked;

    /// <summary>Creates the parameters (weight 1, bias 0) and buffers (running_mean 0, running_var 1,
    /// num_batches_tracked 0 as int64) of a batch norm over <paramref name="num_features"/> channels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    protected BatchNorm(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device, ScalarType? dtype, string name)
        : base(name)
    {
        if (num_features <= 0) throw new ArgumentOutOfRangeException(nameof(num_features), num_features, "must be positive");
        if (!(eps > 0) || !double.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "must be positive and finite");
        if (momentum is { } m && !(m >= 0 && m <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "must be in [0, 1] (or null for a cumulative average)");
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        if (affine)
        {
            using (var w = empty([num_features], dtype, device)) weight = new Parameter(w);
            using (var b = empty([num_features], dtype, device)) bias = new Parameter(b);
        }
        if (track_running_stats)
        {
            running_mean = zeros([num_features], dtype, device).DetachFromDisposeScope();
            running_var = ones([num_features], dtype, device).DetachFromDisposeScope();
            num_batches_tracked = zeros([], ScalarType.Int64, device).DetachFromDisposeScope();
        }
        reset_parameters();
    }

    /// <summary>Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0.</summary>
    public void reset_running_stats()
    {
        if (!track_running_stats) return;
        nn.init.zeros_(_running_mean!);
        nn.init.ones_(_running_var!);
        nn.init.zeros_(_num_batches_tracked!);
    }

    /// <summary>Resets the running statistics and sets weight to 1 and bias to 0.</summary>
    public void reset_parameters()
    {
        reset_running_stats();
        if (!affine) return;
        nn.init.ones_(_weight!);
        nn.init.zeros_(_bias!);
    }

    /// <summary>Checks the input's number of dimensions.</summary>
    protected abstract void ValidateInputDimensions(Tensor input);

    /// <summary>Normalizes <paramref name="input"/> (see the class summary for training and evaluation behaviour).</summary>
    /// <exception cref="ArgumentException">The input has the wrong number of dimensions or channels.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateInputDimensions(input);
        if (input.shape[1] != num_features)
            throw new ArgumentException($"{GetName()} expects {num_features} channels in dimension 1, got [{string.Join(", ", input.shape)}]", nameof(input));
        var factor = momentum ?? 0.0;
        if (training && track_running_stats && _num_batches_tracked is not null)
        {
            using (no_grad()) Aten.add__Scalar.Args().Tensor(_num_batches_tracked).Scalar(1).CallInPlace(_num_batches_tracked);
            factor = momentum ?? 1.0 / _num_batches_tracked.item<long>();
        }
        var useBatchStats = training || (_running_mean is null && _running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? _running_mean : null, useRunning ? _running_var : null, _weight, _bias, useBatchStats, factor, eps);
    }

    /// <summary>The scale γ [num_features] (null when not affine). Setting it disposes the previous one.</summary>
    public Parameter? weight
    {
        get => _weight;
        set => ReplaceParameter(ref _weight, value, nameof(weight));
    }

    /// <summary>The shift β [num_features] (null when not affine). Setting it disposes the previous one.</summary>
    public Parameter? bias
    {
        get => _bias;
        set => ReplaceParameter(ref _bias, value, nameof(bias));
    }

    /// <summary>The running mean buffer [num_features] (null without running statistics).</summary>
    public Tensor? running_mean
    {
        get => _running_mean;
        set { if (!ReferenceEquals(value, _running_mean)) { _running_mean?.Dispose(); _running_mean = value?.DetachFromDisposeScope(); ConditionallyRegisterBuffer(nameof(running_mean), _running_mean); } }
    }

    /// <summary>The running (unbiased) variance buffer [num_features] (null without running statistics).</summary>
    public Tensor? running_var
    {
        get => _running_var;
        set { if (!ReferenceEquals(value, _running_var)) { _running_var?.Dispose(); _running_var = value?.DetachFromDisposeScope(); ConditionallyRegisterBuffer(nameof(running_var), _running_var); } }
    }

    /// <summary>The number of training batches seen, an int64 scalar buffer (null without running statistics).</summary>
    public Tensor? num_batches_tracked
    {
        get => _num_batches_tracked;
        set { if (!ReferenceEquals(value, _num_batches_tracked)) { _num_batches_tracked?.Dispose(); _num_batches_tracked = value?.DetachFromDisposeScope(); ConditionallyRegisterBuffer(nameof(num_batches_tracked), _num_batches_tracked); } }
    }

    /// <summary>Number of channels.</summary>
    public long num_features { get; private set; }
    /// <summary>Added to the variance for numerical stability.</summary>
    public double eps { get; set; }
    /// <summary>Weight of the current batch in the running statistics; null for a cumulative average.</summary>
    public double? momentum { get; set; }
    /// <summary>Whether weight and bias are learned.</summary>
    public bool affine { get; private set; }
    /// <summary>Whether running statistics are kept.</summary>
    public bool track_running_stats { get; private set; }
}
