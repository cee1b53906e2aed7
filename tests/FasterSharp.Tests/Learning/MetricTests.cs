using FasterSharp.Metrics;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

public class MetricTests
{
    [Fact]
    public void AccuracyRejectsNullsAndShapesThatDoNotFit()
    {
        using var preds = tensor(new float[] { 0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.7f }, [3, 2]);
        using var targets = tensor(new long[] { 1, 0, 0 });
        var accuracy = new Accuracy();
        Assert.Equal("predictions", Assert.Throws<ArgumentNullException>(() => accuracy.Accumulate(null!, targets)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentNullException>(() => accuracy.Accumulate(preds, null!)).ParamName);
        foreach (var (p, t) in new[] { (preds.reshape(6), targets), (preds, targets[..2]), (preds, targets.reshape(3, 1)) })
        {
            var e = Assert.Throws<ArgumentException>(() => accuracy.Accumulate(p, t));
            Assert.Contains("expected predictions [N, classes, …] and targets [N, …]", e.Message);
        }
        Assert.True(double.IsNaN(accuracy.Value)); // nothing was counted
        accuracy.Accumulate(preds, targets);
        Assert.Equal(2.0 / 3, accuracy.Value, 12);
        Assert.Equal(1 - 2.0 / 3, new ErrorRate().Also(m => m.Accumulate(preds, targets)).Value, 12);
    }

    [Fact]
    public void PerPixelAccuracyIsAFractionOfPixels()
    {
        var accuracy = new Accuracy();
        using var preds = zeros(2, 3, 4, 4);
        preds[.., 1] = tensor(1f); // class 1 everywhere
        using var targets = ones(2, 4, 4, dtype: ScalarType.Int64);
        targets[0, 0, 0] = tensor(2L);
        accuracy.Accumulate(preds, targets);
        Assert.Equal(31.0 / 32, accuracy.Value, 12);
    }

    [Fact]
    public void AFunctionMetricMustReturnOneValue()
    {
        using var preds = randn(4, 3);
        using var targets = tensor(new long[] { 0, 1, 2, 0 });
        var perSample = Metric.FromFunction("per_sample", (p, y) => p.argmax(1).eq(y).to_type(ScalarType.Float32));
        Assert.Contains("returned 4 values (shape [4]); it must return the batch's mean as one value",
            Assert.Throws<InvalidOperationException>(() => perSample.Accumulate(preds, targets)).Message);
        Assert.Contains("returned null", Assert.Throws<InvalidOperationException>(() => Metric.FromFunction("n", (_, _) => null!).Accumulate(preds, targets)).Message);
        Assert.Throws<ArgumentNullException>(() => Metric.FromFunction("m", Accuracy.Compute).Accumulate(null!, targets));
        Assert.Throws<ArgumentException>(() => Metric.FromFunction(" ", Accuracy.Compute));
        var mean = Metric.FromFunction("acc", Accuracy.Compute);
        mean.Accumulate(preds, targets);
        Assert.Equal(new Accuracy().Also(a => a.Accumulate(preds, targets)).Value, mean.Value, 6);
    }
}

internal static class MetricTestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
