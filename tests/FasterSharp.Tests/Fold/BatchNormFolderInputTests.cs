using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Fold;

/// <summary>Broken statistics are refused with the model unchanged, and TorchSharp's defaults (a pooling layer
/// built without a padding) fold like their explicit values.</summary>
public class BatchNormFolderInputTests
{
    [Theory]
    [InlineData("running_var", -0.5, "negative")]
    [InlineData("running_var", double.NaN, "not finite")]
    [InlineData("running_mean", double.NaN, "not finite")]
    [InlineData("weight", double.NaN, "not finite")]
    [InlineData("bias", double.PositiveInfinity, "not finite")]
    public void BrokenStatisticsAreRefusedByNameAndChannelWithTheModelUnchanged(string tensor, double value, string why)
    {
        manual_seed(3);
        var model = SmallCnns.PruningNet();
        model.eval();
        var bn2 = model.named_modules().Single(m => m.name == "bn2").module as BatchNorm2d;
        using (no_grad())
        {
            var target = tensor switch
            {
                "running_var" => bn2!.running_var!,
                "running_mean" => bn2!.running_mean!,
                "weight" => bn2!.weight!,
                _ => bn2!.bias!,
            };
            target[7] = value;
        }
        var before = LearnerFixtures.Snapshot(model);
        using var input = randn(2, 1, 28, 28);

        var e = Assert.Throws<ArgumentException>(() => BatchNormFolder.Fold(model, input));

        Assert.Contains($"BatchNorm 'bn2' has {tensor}", e.Message);
        Assert.Contains("[7]", e.Message);
        Assert.Contains(why, e.Message);
        Assert.Equal(3, model.modules().Count(m => m is BatchNorm2d));
        Assert.Equal(before.Keys, LearnerFixtures.Snapshot(model).Keys);
        foreach (var (key, values) in LearnerFixtures.Snapshot(model))
            Assert.True(values.Zip(before[key]).All(p => p.First.Equals(p.Second)), $"{key} changed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnAveragePoolBuiltWithoutAPaddingFoldsLikeOneWithPaddingZero(bool explicitPadding)
    {
        // AvgPool2d(2) leaves TorchSharp's padding null; the folder read it as a list and threw ArgumentNullException.
        manual_seed(4);
        var pool = explicitPadding ? nn.AvgPool2d(2, padding: 0) : nn.AvgPool2d(2);
        var model = InFloat64(nn.Sequential(
            ("conv1", nn.Conv2d(1, 6, 3)), ("relu", nn.ReLU()), ("bn", nn.BatchNorm2d(6)), ("pool", pool), ("conv2", nn.Conv2d(6, 4, 3)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 10 * 10, 3))));
        RandomizeBatchNorms(model, 4);
        using var input = randn(new long[] { 2, 1, 26, 26 }, ExactType);
        using var before = Logits(model, input);

        var result = BatchNormFolder.Fold(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= 1e-9, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        Assert.Equal(new FoldedBatchNorm("bn", "conv2", FoldDirection.IntoFollowing, "pool (AvgPool2d)"), Assert.Single(result.Folded));
    }

    [Fact]
    public void ADisposedModelIsAnObjectDisposedException()
    {
        var model = SmallCnns.PruningNet();
        model.eval();
        model.Dispose();
        using var input = randn(1, 1, 28, 28);
        Assert.Throws<ObjectDisposedException>(() => BatchNormFolder.Fold(model, input));
    }
}
