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
    /// <exception cref="ArgumentNullException">A null tensor (built-in metrics).</exception>
    /// <exception cref="ArgumentException">Shapes that do not fit each other (built-in metrics).</exception>
    public abstract void Accumulate(Tensor predictions, Tensor targets);

    /// <summary>The value over the batches accumulated so far (NaN when there were none).</summary>
    public abstract double Value { get; }

    /// <summary>A metric averaged over samples from a function that returns a batch's mean value
    /// (fastai's AvgMetric), e.g. <c>Metric.FromFunction("error_rate", (p, y) => …)</c>.</summary>
    /// <param name="name">The column name; not blank.</param>
    /// <param name="batchMean">(predictions, targets) → a one-element tensor, the batch's mean.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">A blank name.</exception>
    public static Metric FromFunction(string name, Func<Tensor, Tensor, Tensor> batchMean) => new AverageMetric(name, batchMean);

    /// <summary>Checks a classification batch: predictions [N, C, …] (class scores along dim 1) and integer targets
    /// [N, …] with the same remaining dims.</summary>
    private protected static void CheckClassification(Tensor predictions, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        var p = predictions.shape;
        var t = targets.shape;
        if (p.Length < 2 || t.Length != p.Length - 1 || t[0] != p[0] || !p.Skip(2).SequenceEqual(t.Skip(1)))
            throw new ArgumentException(
                $"predictions [{string.Join(", ", p)}] and targets [{string.Join(", ", t)}] do not fit: expected predictions [N, classes, …] and targets [N, …]", nameof(targets));
    }
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
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.dim() == 0) throw new ArgumentException("targets must have a batch dimension", nameof(targets));
        var n = targets.shape[0];
        using var value = _batchMean(predictions, targets)
            ?? throw new InvalidOperationException($"metric '{Name}': the function returned null; it must return the batch's mean as one value");
        if (value.numel() != 1)
            throw new InvalidOperationException($"metric '{Name}': the function returned {value.numel()} values (shape [{string.Join(", ", value.shape)}]); it must return the batch's mean as one value");
        _total += value.to_type(ScalarType.Float64).item<double>() * n;
        _count += n;
    }

    public override double Value => _count == 0 ? double.NaN : _total / _count;
}

/// <summary>The fraction of samples whose highest-scoring class equals the target (predictions [N, classes, …],
/// targets [N, …]: for per-pixel predictions, the fraction of pixels).</summary>
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
        CheckClassification(predictions, targets);
        using var scope = NewDisposeScope();
        _correct += predictions.argmax(1).eq(targets).sum().item<long>();
        _count += targets.numel();
    }

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : (double)_correct / _count;

    /// <summary>Batch accuracy as a one-element float tensor (for use as a function).</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    /// <exception cref="ArgumentException">Shapes that do not fit (see the class).</exception>
    public static Tensor Compute(Tensor predictions, Tensor targets)
    {
        CheckClassification(predictions, targets);
        return predictions.argmax(1).eq(targets).to_type(ScalarType.Float32).mean();
    }
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
