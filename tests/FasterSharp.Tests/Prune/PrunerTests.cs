using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

/// <summary>The Pruner physically removes channels: losslessly for the zero filters left by filter
/// sparsification, by criterion otherwise; coupled groups only as a whole; the model unchanged when it throws.</summary>
public class PrunerTests
{
    // Removing channels that are exactly zero changes the sums only by rounding. The lossless tests run in float64
    // (see StructuredFixtures.ExactType); the bound, max |Δlogit| ≤ 1e-4, holds with a wide margin.
    private const double LosslessTolerance = 1e-4;

    private static void SparsifyFilters(nn.Module model, double percent)
    {
        using var sparsifier = new Sparsifier(model, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal);
        sparsifier.SparsifyModel(percent);
    }

    [Fact]
    public void RemovingZeroFiltersOfTheVggStyleNetIsLosslessAndKeepsSixtyPercentOfEachConv()
    {
        manual_seed(11);
        var model = InFloat64(SmallCnns.VggStyle());
        RandomizeBatchNorms(model, 11);
        SparsifyFilters(model, 40);
        using var input = randn(8, 1, 28, 28, ExactType);
        using var before = Logits(model, input);
        var parameters = Pruner.CountParameters(model);

        var result = Pruner.RemoveZeroFilters(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3} > {LosslessTolerance}");
        // ⌊0.4·n⌋ filters zeroed per conv: 32 → 20 (12 zeroed), 64 → 39 (25 zeroed), 128 → 77 (51 zeroed).
        Assert.Equal([20L, 20, 39, 39, 77], new[] { 0, 3, 7, 10, 14 }.Select(i => Get<Conv2d>(model, $"features.{i}").out_channels));
        Assert.Equal(20, Get<Conv2d>(model, "features.3").in_channels);
        Assert.Equal(77, Get<BatchNorm2d>(model, "features.15").num_features);
        Assert.Equal(77 * 9, Get<Linear>(model, "classifier.0").in_features);
        Assert.Equal(77 * 9, Get<Linear>(model, "classifier.0").weight.shape[1]);
        Assert.Equal(parameters, result.ParametersBefore);
        Assert.Equal(Pruner.CountParameters(model), result.ParametersAfter);
        Assert.True(result.ParametersAfter < result.ParametersBefore);
        Assert.Equal(12 + 12 + 25 + 25 + 51, result.ChannelsRemoved);
        // A second pass finds nothing left to remove.
        Assert.Equal(0, Pruner.RemoveZeroFilters(model, input).ChannelsRemoved);
    }

    [Fact]
    public void RemovingZeroFiltersOfTheSeedFourNetIsLosslessAndGivesTheSeedsLayerSummary()
    {
        manual_seed(12);
        var model = InFloat64(SmallCnns.PruningNet(inChannels: 3));
        RandomizeBatchNorms(model, 12);
        SparsifyFilters(model, 30);
        using var input = randn(4, 3, 28, 28, ExactType);
        using var before = Logits(model, input);

        Pruner.RemoveZeroFilters(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        // The seed's pruned summary: Conv2d 1,064 / BN 28 / Conv2d 12,285 / BN 70 / Conv2d 61,320 / BN 140.
        var stats = ModelStats.Measure(model, input);
        Assert.Equal([1_064L, 28, 12_285, 70, 61_320, 140],
            new[] { "conv1", "bn1", "conv2", "bn2", "conv3", "bn3" }.Select(n => stats.Layers.Single(l => l.Name == n).Parameters));
        Assert.Equal(70, Get<Linear>(model, "fc1").in_features);
    }

    [Fact]
    public void RemovingZeroFiltersOfResNet18PrunesInnerGroupsAndAResidualGroupZeroInEveryProducerLosslessly()
    {
        manual_seed(13);
        var model = InFloat64(Vision.ResNet18(numClasses: 10));
        RandomizeBatchNorms(model, 13);
        SparsifyFilters(model, 25);
        // Channel 5 of the stem/layer1 residual group, zero in all of its producers: conv1/bn1 and both blocks' conv2/bn2.
        ZeroFilter(Get<Conv2d>(model, "conv1"), Get<BatchNorm2d>(model, "bn1"), 5);
        ZeroFilter(Get<Conv2d>(model, "layer1.0.conv2"), Get<BatchNorm2d>(model, "layer1.0.bn2"), 5);
        ZeroFilter(Get<Conv2d>(model, "layer1.1.conv2"), Get<BatchNorm2d>(model, "layer1.1.bn2"), 5);
        using var input = randn(1, 3, 32, 32, ExactType);
        using var before = Logits(model, input);
        // Channels zero in every producer of the group: channel 5, and any the sparsifier happened to zero in all three.
        var zeroEverywhere = Enumerable.Range(0, 64).Where(c => new[] { "bn1", "layer1.0.bn2", "layer1.1.bn2" }
            .All(bn => Get<BatchNorm2d>(model, bn).weight[c].item<double>() == 0)).Count();
        Assert.True(zeroEverywhere >= 1);

        var result = Pruner.RemoveZeroFilters(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        // Inner groups: 25% of each block's conv1 filters were zeroed (64 → 48, …, 512 → 384).
        Assert.Equal(48, Get<Conv2d>(model, "layer1.0.conv1").out_channels);
        Assert.Equal(48, Get<Conv2d>(model, "layer1.0.conv2").in_channels);
        Assert.Equal(384, Get<Conv2d>(model, "layer4.1.conv1").out_channels);
        // The residual group lost exactly the channels that were zero everywhere: every member shrank together.
        var stage1 = result.Rows.Single(r => r.Group == "conv1");
        var kept = 64 - zeroEverywhere;
        Assert.Equal((64L, (long)kept), (stage1.ChannelsBefore, stage1.ChannelsAfter));
        foreach (var conv in new[] { "conv1", "layer1.0.conv2", "layer1.1.conv2" })
            Assert.Equal(kept, Get<Conv2d>(model, conv).out_channels);
        foreach (var conv in new[] { "layer1.0.conv1", "layer1.1.conv1", "layer2.0.conv1", "layer2.0.downsample.0" })
            Assert.Equal(kept, Get<Conv2d>(model, conv).in_channels);
        // Other residual groups keep only what all their producers zeroed (mostly different filters), all members alike.
        var stage2 = Get<Conv2d>(model, "layer2.0.conv2").out_channels;
        Assert.InRange(stage2, 96, 128);
        Assert.Equal(stage2, Get<Conv2d>(model, "layer2.0.downsample.0").out_channels);
        Assert.Equal(stage2, Get<Conv2d>(model, "layer2.1.conv2").out_channels);
        Assert.Equal(stage2, Get<Conv2d>(model, "layer3.0.conv1").in_channels);
    }

    [Fact]
    public void AResidualChannelZeroInOnlySomeProducersIsKept()
    {
        manual_seed(14);
        var model = Vision.ResNet18(numClasses: 10);
        ZeroFilter(Get<Conv2d>(model, "conv1"), Get<BatchNorm2d>(model, "bn1"), 3);
        ZeroFilter(Get<Conv2d>(model, "layer1.0.conv2"), Get<BatchNorm2d>(model, "layer1.0.bn2"), 3);
        var result = Pruner.RemoveZeroFilters(model, randn(1, 3, 32, 32));
        Assert.Equal(0, result.ChannelsRemoved);
        Assert.Equal(64, Get<Conv2d>(model, "conv1").out_channels);
    }

    [Fact]
    public void AGroupWhoseChannelsAreAllZeroKeepsOneAndSaysSo()
    {
        var model = InFloat64(nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 3, 3), nn.Flatten(), nn.Linear(3 * 4 * 4, 2)));
        using (no_grad())
        {
            Get<Conv2d>(model, "0").weight.zero_();
            Get<Conv2d>(model, "0").bias!.zero_();
        }
        using var input = randn(2, 1, 8, 8, ExactType);
        using var before = Logits(model, input);
        var result = Pruner.RemoveZeroFilters(model, input);
        using var after = Logits(model, input);
        Assert.Equal(1, Get<Conv2d>(model, "0").out_channels);
        Assert.Contains(result.Notes, n => n.Contains("every channel of group 0 is zero"));
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance);
    }

    [Fact]
    public void LocalPruningHalvesEveryConvGroupAndTheFlattenedLinearInput()
    {
        manual_seed(15);
        var model = SmallCnns.VggStyle();
        using var input = randn(2, 1, 28, 28);
        var result = Pruner.PruneFilters(model, input, 50);
        Assert.Equal([16L, 16, 32, 32, 64], new[] { 0, 3, 7, 10, 14 }.Select(i => Get<Conv2d>(model, $"features.{i}").out_channels));
        Assert.Equal(64 * 9, Get<Linear>(model, "classifier.0").in_features);
        Assert.Equal(512, Get<Linear>(model, "classifier.0").out_features); // Linear groups are not selected by default
        Assert.Equal(5, result.Rows.Count);
        using var output = Logits(model, input);
        Assert.Equal([2L, 10], output.shape);
    }

    [Fact]
    public void PruningKeepsTheChannelsWithTheLargestGroupScores()
    {
        // conv a (3 filters) → conv b: filter magnitudes 1, 3, 2 in a; b's input slices all equal. 1 of 3 pruned (33%).
        var model = nn.Sequential(nn.Conv2d(1, 3, 1, bias: false), nn.Conv2d(3, 2, 1, bias: false), nn.Flatten(), nn.Linear(2 * 4, 1));
        using (no_grad())
        {
            Get<Conv2d>(model, "0").weight.copy_(tensor(new float[] { 1, 3, 2 }).view(3, 1, 1, 1));
            Get<Conv2d>(model, "1").weight.fill_(0.5f);
        }
        Pruner.PruneFilters(model, randn(1, 1, 2, 2), 100.0 / 3);
        var kept = Get<Conv2d>(model, "0").weight.view(-1).data<float>().ToArray();
        Assert.Equal([3f, 2f], kept);
    }

    [Fact]
    public void GlobalPruningRemovesTheLowestScoresOverAllGroupsAndLeavesEveryGroupAChannel()
    {
        manual_seed(16);
        var model = SmallCnns.VggStyle();
        using (no_grad())
        {
            // Every member of the first group scores lowest: its filters, its BatchNorm's γ, the next conv's input slices.
            Get<Conv2d>(model, "features.0").weight.mul_(1e-3);
            Get<BatchNorm2d>(model, "features.1").weight.mul_(1e-3);
            Get<Conv2d>(model, "features.3").weight.mul_(1e-3);
        }
        var result = Pruner.PruneFilters(model, randn(1, 1, 28, 28), 20, context: SparsityContext.Global);
        var total = 32 + 32 + 64 + 64 + 128;
        Assert.Equal((long)Math.Floor(total * 0.2), result.ChannelsRemoved);
        Assert.Equal(1, Get<Conv2d>(model, "features.0").out_channels);
        Assert.All(result.Rows, r => Assert.True(r.ChannelsAfter >= 1));
    }

    [Fact]
    public void RoundToRoundsTheKeptCountUp()
    {
        var model = SmallCnns.VggStyle();
        Pruner.PruneFilters(model, randn(1, 1, 28, 28), 70, roundTo: 8);
        // 32 − ⌊22.4⌋ = 10 → 16; 64 − 44 = 20 → 24; 128 − 89 = 39 → 40.
        Assert.Equal([16L, 16, 24, 24, 40], new[] { 0, 3, 7, 10, 14 }.Select(i => Get<Conv2d>(model, $"features.{i}").out_channels));
    }

    [Fact]
    public void PruningResNet18ShrinksEachResidualGroupAsAWholeAndTheModelStillTrains()
    {
        manual_seed(17);
        var model = Vision.ResNet18(numClasses: 10);
        using var input = randn(2, 3, 32, 32);
        Pruner.PruneFilters(model, input, 50);
        foreach (var conv in new[] { "conv1", "layer1.0.conv2", "layer1.1.conv2" }) Assert.Equal(32, Get<Conv2d>(model, conv).out_channels);
        foreach (var conv in new[] { "layer2.0.conv2", "layer2.0.downsample.0", "layer2.1.conv2" }) Assert.Equal(64, Get<Conv2d>(model, conv).out_channels);
        Assert.Equal(256, Get<Linear>(model, "fc").in_features);

        model.train();
        var optimizer = optim.SGD(model.parameters(), 0.01);
        using var loss = nn.functional.cross_entropy(model.call(input), tensor(new long[] { 1, 2 }));
        loss.backward();
        optimizer.step();
        Assert.True(float.IsFinite(loss.item<float>()));
    }

    [Fact]
    public void BadArgumentsAndUnsupportedModelsThrowBeforeAnythingChanges()
    {
        var model = SmallCnns.VggStyle();
        var snapshot = Snapshot(model);
        using var input = randn(1, 1, 28, 28);
        Assert.Equal("sparsity", Assert.Throws<ArgumentOutOfRangeException>(() => Pruner.PruneFilters(model, input, 150)).ParamName);
        Assert.Equal("sparsity", Assert.Throws<ArgumentOutOfRangeException>(() => Pruner.PruneFilters(model, input, double.NaN)).ParamName);
        Assert.Equal("criterion", Assert.Throws<ArgumentException>(() => Pruner.PruneFilters(model, input, 50, Criteria.LargeInit)).ParamName);
        Assert.Equal("roundTo", Assert.Throws<ArgumentOutOfRangeException>(() => Pruner.PruneFilters(model, input, 50, roundTo: 0)).ParamName);
        Assert.Equal("layerTypes", Assert.Throws<ArgumentException>(() => Pruner.PruneFilters(model, input, 50, layerTypes: LayerTypes.None)).ParamName);
        Assert.Equal("sampleInput", Assert.Throws<ArgumentException>(() => Pruner.RemoveZeroFilters(model, randn(1, 2, 28, 28))).ParamName);
        AssertUnchanged(snapshot, model);

        var withUnknown = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("act", nn.PReLU(4)), ("conv2", nn.Conv2d(4, 4, 3)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 16, 2)));
        var unknownSnapshot = Snapshot(withUnknown);
        var error = Assert.Throws<UnsupportedModelException>(() => Pruner.PruneFilters(withUnknown, randn(1, 1, 8, 8), 50));
        Assert.Equal("act", error.ModuleName);
        AssertUnchanged(unknownSnapshot, withUnknown);
    }

    [Fact]
    public void TheResultDisplaysGroupsAndParameterCountsAsTextAndHtml()
    {
        var model = SmallCnns.PruningNet();
        var result = Pruner.PruneFilters(model, randn(1, 1, 28, 28), 50);
        var text = result.ToString();
        Assert.Contains("Pruner pruned 50% of the filters (local, large_final): 85 channels removed in 3 of 3 groups", text);
        Assert.Contains("conv2 (Conv2d, out), bn2 (BatchNorm2d), conv3 (Conv2d, in)", text);
        Assert.Contains("<td>conv3</td><td>100</td><td>50</td>", result.ToHtml());
    }
}
