using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>A validation metric, accumulated over the batches of one validation pass.</summary>
public abstract class Metric
{
    /// <summary>The column name in the epoch table.</summary>
    public abstract string Name { get; }

    /// <summary>Starts a new validation pass.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch of predictions and targets.</summary>
    public abstract void Accumulate(Tensor predictions, Tensor targets);

    /// <summary>The value over the batches accumulated so far (NaN when there were none).</summary>
    public abstract double Value { get; }

    /// <summary>A metric averaged over samples from a function that returns a batch's mean value
    /// (fastai's AvgMetric), e.g. <c>Metric.FromFunction("error_rate", (p, y) => …)</c>.</summary>
    public static Metric FromFunction(string name, Func<Tensor, Tensor, Tensor> batchMean) => new AverageMetric(name, batchMean);
}

/// <summary>The sample-weighted mean of a per-batch function.</summary>
internal sealed class AverageMetric : Metric
{
    private readonly Func<Tensor, Tensor, Tensor> _batchMean;
    private double _total;
    private long _count;

    internal AverageMetric(string name, Func<Tensor, Tensor, Tensor> batchMean)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(batchMean);
        Name = name;
        _batchMean = batchMean;
    }

    public override string Name { get; }

    public override void Reset() => (_total, _count) = (0, 0);

    public override void Accumulate(Tensor predictions, Tensor targets)
    {
        var n = targets.shape[0];
        using var value = _batchMean(predictions, targets);
        _total += value.to_type(ScalarType.Float64).item<double>() * n;
        _count += n;
    }

    public override double Value => _count == 0 ? double.NaN : _total / _count;
}

/// <summary>The fraction of samples whose highest-scoring class equals the target.</summary>
public sealed class Accuracy : Metric
{
    private long _correct;
    private long _count;

    /// <inheritdoc />
    public override string Name => "accuracy";

    /// <inheritdoc />
    public override void Reset() => (_correct, _count) = (0, 0);

    /// <inheritdoc />
    public override void Accumulate(Tensor predictions, Tensor targets)
    {
        using var scope = NewDisposeScope();
        _correct += predictions.argmax(1).eq(targets).sum().item<long>();
        _count += targets.shape[0];
    }

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : (double)_correct / _count;

    /// <summary>Batch accuracy as a one-element float tensor (for use as a function).</summary>
    public static Tensor Compute(Tensor predictions, Tensor targets) =>
        predictions.argmax(1).eq(targets).to_type(ScalarType.Float32).mean();
}

/// <summary>1 − accuracy.</summary>
public sealed class ErrorRate : Metric
{
    private readonly Accuracy _accuracy = new();

    /// <inheritdoc />
    public override string Name => "error_rate";

    /// <inheritdoc />
    public override void Reset() => _accuracy.Reset();

    /// <inheritdoc />
    public override void Accumulate(Tensor predictions, Tensor targets) => _accuracy.Accumulate(predictions, targets);

    /// <inheritdoc />
    public override double Value => 1 - _accuracy.Value;
}
