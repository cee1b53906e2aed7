using FasterSharp.Quantize;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Quantize;

public class EntropyObserverTests
{
    [Fact]
    public void UniformDataKeepsAlmostItsWholeRange()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var observer = new EntropyObserver();
        observer.Observe(rand(200_000));
        Assert.InRange(observer.Threshold, 0.9f, 1.0f);
        Assert.Equal(0f, observer.Min); // non-negative data: [0, T]
    }

    [Fact]
    public void AGaussianWithAnOutlierIsClippedFarBelowTheOutlier()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(200_000);
        x[17] = tensor(60f);
        var entropy = new EntropyObserver(QuantScheme.Int8Symmetric);
        var minMax = new MinMaxObserver(QuantScheme.Int8Symmetric);
        foreach (var chunk in x.chunk(4))
        {
            entropy.Observe(chunk);
            minMax.Observe(chunk);
        }
        Assert.Equal(60f, minMax.Max);
        // The outlier is clipped, the bulk of the Gaussian (|x| ≤ 3σ holds 99.7 %) is kept.
        Assert.InRange(entropy.Threshold, 3f, 12f);
        // Signed data: [max(min, −T), T]; here no value lies below −T, so the minimum is the data's.
        Assert.Equal(Math.Max(x.min().item<float>(), -entropy.Threshold), entropy.Min);
        Assert.True(entropy.Min < 0);
        var p = entropy.ComputeParams();
        Assert.True(p.Scale < minMax.ComputeParams().Scale / 4, $"entropy scale {p.Scale} vs min-max {minMax.ComputeParams().Scale}");
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyObserver(bins: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyObserver(quantizedBins: 1));
    }

    [Fact]
    public void TheSearchPicksTheSmallestDivergenceOnAHandMadeHistogram()
    {
        // 256 bins: a dense bulk in the first 128 and a single count at bin 255: clipping at the bulk wins.
        var histogram = new double[256];
        for (var i = 0; i < 128; i++) histogram[i] = 1000 - i;
        histogram[255] = 1;
        var bins = EntropyObserver.SearchThreshold(histogram, 128);
        Assert.InRange(bins, 128, 140);
        // A flat histogram: nothing to gain from clipping, the whole range is kept.
        Assert.Equal(256, EntropyObserver.SearchThreshold(Enumerable.Repeat(5.0, 256).ToArray(), 128));
    }

    [Fact]
    public void CalibrationWithEntropyClipsNoFurtherThanTheData()
    {
        var model = QuantizeFixtures.TinyCnn();
        var batches = QuantizeFixtures.Batches(3);
        var entropy = new Quantizer(new EntropyObserver()).Calibrate(model, batches);
        var minMax = new Quantizer().Calibrate(model, batches);
        Assert.StartsWith("entropy (2048 bins, 128 levels) over 3 batches", entropy.Method);
        foreach (var name in minMax.Names)
        {
            Assert.InRange(entropy[name].Input.Max, 0f, minMax[name].Input.Max);
            Assert.InRange(entropy[name].Input.Min, Math.Min(minMax[name].Input.Min, 0f), 0f);
        }
    }
}
