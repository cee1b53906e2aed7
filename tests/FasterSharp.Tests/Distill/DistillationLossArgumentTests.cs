using FasterSharp.Distill;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

/// <summary>Bad arguments to the losses: a clear exception naming the parameter.</summary>
public class DistillationLossArgumentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TemperaturesAndPowersMustBePositiveAndFinite(double value)
    {
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => new SoftTargetLoss(value)).ParamName);
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoupledKDLoss(temperature: value)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionLoss(value)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new SimilarityLoss(value)).ParamName);
    }

    [Fact]
    public void WeightsAndMarginsMustBeNonNegative()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoupledKDLoss(alpha: -0.1)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoupledKDLoss(beta: double.NaN)).ParamName);
        Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationBoundariesLoss(-1)).ParamName);
        Assert.Equal(0, new ActivationBoundariesLoss(0).Margin);
    }

    [Fact]
    public void OutputLossesRejectDifferentShapes()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new SoftTargetLoss().Forward(zeros(4, 10), zeros(4, 5)));
        Assert.Contains("[4, 10]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => new LogitsLoss().Forward(zeros(4, 10, 2), zeros(4, 10, 2)));
    }

    [Fact]
    public void DecoupledKDNeedsValidTargets()
    {
        using var scope = NewDisposeScope();
        var loss = new DecoupledKDLoss();
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => loss.Forward(zeros(2, 3), zeros(2, 3))).ParamName);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => loss.Forward(zeros(2, 3), zeros(2, 3), zeros(2))).Message);
        Assert.Contains("found 3", Assert.Throws<ArgumentOutOfRangeException>(() => loss.Forward(zeros(2, 3), zeros(2, 3), tensor(new long[] { 0, 3 }))).Message);
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>(() => loss.Forward(zeros(2, 1), zeros(2, 1), tensor(new long[] { 0, 0 }))).Message);
    }

    [Fact]
    public void FeatureLossesRejectPairsTheyCannotCompare()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("height × width", Assert.Throws<ArgumentException>(() =>
            new AttentionLoss().Forward([zeros(2, 3, 4, 4)], [zeros(2, 3, 5, 5)])).Message);
        Assert.Contains("identical shapes", Assert.Throws<ArgumentException>(() =>
            new ActivationBoundariesLoss().Forward([zeros(2, 3, 4, 4)], [zeros(2, 6, 4, 4)])).Message);
        Assert.Contains("no adapter was prepared", Assert.Throws<ArgumentException>(() =>
            new FitNetLoss().Forward([zeros(2, 3, 4, 4)], [zeros(2, 6, 4, 4)])).Message);
        Assert.Contains("adapter is off", Assert.Throws<ArgumentException>(() =>
            new FitNetLoss(adapt: false).Forward([zeros(2, 3, 4, 4)], [zeros(2, 6, 4, 4)])).Message);
        Assert.Contains("same batch", Assert.Throws<ArgumentException>(() =>
            new SimilarityLoss().Forward([zeros(2, 3)], [zeros(3, 3)])).Message);
        Assert.Throws<ArgumentException>(() => new SimilarityLoss().Forward([zeros(2, 3)], []));
        Assert.Throws<ArgumentException>(() => new SimilarityLoss().Forward([], []));
    }

    [Fact]
    public void PrepareNamesEveryBadPair()
    {
        var e = Assert.Throws<ArgumentException>(() => new FitNetLoss().Prepare(
        [
            new FeatureLayerPair("features.3", "features.3", [8, 28, 28], [64, 28, 28]),
            new FeatureLayerPair("features.10", "features.14", [16, 14, 14], [256, 7, 7]),
        ], CPU, ScalarType.Float32));
        Assert.Equal("pairs", e.ParamName);
        Assert.Contains("'features.10' [16, 14, 14]", e.Message);
        Assert.Contains("'features.14' [256, 7, 7]", e.Message);
        Assert.DoesNotContain("'features.3'", e.Message);
    }
}
