using FasterSharp.Models;
using FasterSharp.Sparse;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class SparsifierTests
{
    private static long Zeros(Tensor t)
    {
        using var z = t.eq(0);
        using var s = z.sum();
        return s.item<long>();
    }

    private static float[] Values(Tensor t)
    {
        using var flat = t.detach().reshape(-1).contiguous();
        return flat.data<float>().ToArray();
    }

    private static Sequential ThreeConvs()
    {
        manual_seed(1);
        return nn.Sequential(
            nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.BatchNorm2d(16),
            nn.Conv2d(16, 12, 1), nn.Flatten(), nn.Linear(12, 5));
    }

    private static Conv2d[] Convs(nn.Module model) => model.modules().OfType<Conv2d>().ToArray();

    [Fact]
    public void LocalSparsityIsExactPerLayer()
    {
        manual_seed(0);
        var model = SmallCnns.BenchmarkCnn();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Conv2dAndLinear);
        sparsifier.SparsifyModel(37.5);
        foreach (var (_, layer) in sparsifier.Layers)
        {
            var w = layer is Conv2d c ? c.weight : ((Linear)layer).weight;
            Assert.Equal((long)Math.Floor(w.numel() * 0.375), Zeros(w));
        }
        // 90% of 9,408 weights zeroes 8,467, as fasterai reports for ResNet-18's first conv.
        var stem = nn.Conv2d(3, 64, 7, bias: false);
        using var s2 = new Sparsifier(stem, "weight", "local", "large_final");
        s2.SparsifyModel(90);
        Assert.Equal(8467, Zeros(stem.weight));
    }

    [Fact]
    public void LocalMagnitudePruningKeepsTheLargestWeightsOfEachLayer()
    {
        var model = ThreeConvs();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal);
        var before = Convs(model).Select(c => Values(c.weight).Select(Math.Abs).ToArray()).ToArray();
        sparsifier.SparsifyModel(60);
        var convs = Convs(model);
        for (var i = 0; i < convs.Length; i++)
        {
            var after = Values(convs[i].weight);
            var kept = before[i].Where((_, j) => after[j] != 0).ToArray();
            var pruned = before[i].Where((_, j) => after[j] == 0).ToArray();
            Assert.True(kept.Min() >= pruned.Max());
        }
    }

    [Fact]
    public void GlobalPicksOneThresholdAcrossLayers()
    {
        var model = ThreeConvs();
        var convs = Convs(model);
        using (no_grad())
        {
            // |w| uniform on [0, 1], [0, 2] and [0, 0.9]: at 50% global the threshold t ≈ 0.78 prunes ≈ 78%, 39%, 86%.
            convs[0].weight.uniform_(-1, 1);
            convs[1].weight.uniform_(-2, 2);
            convs[2].weight.uniform_(-0.9, 0.9);
        }
        var before = convs.Select(c => Values(c.weight).Select(Math.Abs).ToArray()).ToArray();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal);
        sparsifier.SparsifyModel(50);
        var kept = new List<float>();
        var pruned = new List<float>();
        for (var i = 0; i < convs.Length; i++)
        {
            var after = Values(convs[i].weight);
            for (var j = 0; j < after.Length; j++) (after[j] != 0 ? kept : pruned).Add(before[i][j]);
        }
        Assert.Equal((long)Math.Floor((kept.Count + pruned.Count) * 0.5), pruned.Count);
        Assert.True(kept.Min() >= pruned.Max());
        // The scaled layer keeps more than half, the others less: one threshold, not one per layer.
        var sparsities = convs.Select(c => (double)Zeros(c.weight) / c.weight.numel()).ToArray();
        Assert.True(sparsities[1] < 0.45, $"scaled layer sparsity {sparsities[1]}");
        Assert.True(sparsities[0] > 0.7 && sparsities[2] > 0.7, $"other layers {sparsities[0]}, {sparsities[2]}");
    }

    [Fact]
    public void RoundToRoundsTheKeptCountUp()
    {
        var conv = nn.Conv2d(4, 32, 3);
        using var sparsifier = new Sparsifier(conv, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal);
        sparsifier.SparsifyModel(30, roundTo: 8);          // prune ⌊9.6⌋ = 9 → keep 23 → rounded up to 24
        Assert.Equal(24, KeptFilters(conv));
        sparsifier.SparsifyModel(90, roundTo: 8);          // keep 32 − 28 = 4 → 8
        Assert.Equal(8, KeptFilters(conv));
        sparsifier.SparsifyModel(10, roundTo: 7);          // keep 29 → 35, capped at 32
        Assert.True(KeptFilters(conv) >= 8);                // pruned filters stay pruned (their score is 0)...
        var fresh = nn.Conv2d(4, 32, 3);
        using var s2 = new Sparsifier(fresh, Granularity.Filter, SparsityContext.Global, Criteria.LargeFinal);
        s2.SparsifyModel(10, roundTo: 7);
        Assert.Equal(32, KeptFilters(fresh));              // ...and a fresh layer keeps min(35, 32)
        var lin = nn.Linear(10, 10);
        using var s3 = new Sparsifier(lin, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Linear);
        s3.SparsifyModel(95, roundTo: 4);                  // keep 5 → 8
        Assert.Equal(100 - 8, Zeros(lin.weight));
    }

    private static int KeptFilters(Conv2d conv)
    {
        using var absw = conv.weight.detach().abs();
        using var perFilter = absw.sum([1, 2, 3]);
        return Values(perFilter).Count(v => v != 0);
    }

    [Fact]
    public void FilterGranularityZeroesWholeFiltersTheirBiasAndTheFollowingBatchNorm()
    {
        var model = ThreeConvs();
        var convs = Convs(model);
        var bns = model.modules().OfType<BatchNorm2d>().ToArray();
        using (no_grad())
            foreach (var bn in bns) { bn.weight!.uniform_(0.5, 1.5); bn.bias!.uniform_(0.5, 1.5); }
        using var sparsifier = new Sparsifier(model, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal);
        Assert.Same(bns[0], sparsifier.FollowingBatchNorm(convs[0]));
        Assert.Same(bns[1], sparsifier.FollowingBatchNorm(convs[1]));   // conv → ReLU → BN
        Assert.Null(sparsifier.FollowingBatchNorm(convs[2]));
        sparsifier.SparsifyModel(50);
        for (var i = 0; i < 2; i++)
        {
            var conv = convs[i];
            var filters = conv.out_channels;
            using var absw = conv.weight.detach().abs();
            var perFilter = Values(absw.sum([1, 2, 3]));
            var bias = Values(conv.bias!);
            var gamma = Values(bns[i].weight!);
            var beta = Values(bns[i].bias!);
            Assert.Equal(filters / 2, perFilter.Count(v => v == 0));
            for (var f = 0; f < filters; f++)
            {
                var prunedFilter = perFilter[f] == 0;
                Assert.Equal(prunedFilter, bias[f] == 0);
                Assert.Equal(prunedFilter, gamma[f] == 0);
                Assert.Equal(prunedFilter, beta[f] == 0);
            }
            Assert.Equal(filters / 2 * conv.weight.numel() / filters, Zeros(conv.weight));  // whole filters
        }

        // A training step moves the pruned bias and BN γ/β; ApplyMasks zeroes them again.
        var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 0.01);
        using (var scope = NewDisposeScope())
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(randn(4, 3, 5, 5)), randint(0, 5, [4])).backward();
            optimizer.step();
        }
        sparsifier.ApplyMasks();
        for (var i = 0; i < 2; i++)
        {
            using var absw = convs[i].weight.detach().abs();
            var perFilter = Values(absw.sum([1, 2, 3]));
            var bias = Values(convs[i].bias!);
            var gamma = Values(bns[i].weight!);
            var beta = Values(bns[i].bias!);
            Assert.Equal(convs[i].out_channels / 2, perFilter.Count(v => v == 0));
            for (var f = 0; f < perFilter.Length; f++)
                if (perFilter[f] == 0) Assert.True(bias[f] == 0 && gamma[f] == 0 && beta[f] == 0);
        }
    }

    [Fact]
    public void MasksAreNotPartOfTheStateDictionary()
    {
        var model = ThreeConvs();
        var keys = model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        using var sparsifier = new Sparsifier(model, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal);
        sparsifier.SparsifyModel(50);
        Assert.Equal(keys, model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList());
        using var mask = sparsifier.MaskOf(Convs(model)[0])!;
        Assert.Equal(Convs(model)[0].weight.shape, mask.shape);
        Assert.Equal(4 * 27, Zeros(mask));
    }

    [Fact]
    public void SparsifyLayerInGlobalContextUsesTheThresholdOfAllLayers()
    {
        var model = ThreeConvs();
        var convs = Convs(model);
        using (no_grad())
        {
            convs[0].weight.uniform_(-1, 1);
            convs[1].weight.uniform_(-2, 2);
            convs[2].weight.uniform_(-0.9, 0.9);
        }
        var reference = ThreeConvs();
        reference.load_state_dict(model.state_dict());
        using var one = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal);
        using var all = new Sparsifier(reference, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal);
        one.SparsifyLayer(convs[1], 50);
        all.SparsifyModel(50);
        Assert.Equal(Values(Convs(reference)[1].weight), Values(convs[1].weight));
        Assert.Equal(0, Zeros(convs[0].weight));
        Assert.True(Zeros(convs[1].weight) < convs[1].weight.numel() * 0.45);
    }

    [Fact]
    public void ResNetConvolutionsFindTheirBatchNorms()
    {
        var resnet = Vision.ResNet18(numClasses: 10);
        using var sparsifier = new Sparsifier(resnet, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal);
        Assert.Equal(20, sparsifier.Layers.Count);
        Assert.Equal("conv1", sparsifier.Layers[0].Name);
        Assert.Equal("layer2.0.downsample.0", sparsifier.Layers[7].Name);
        foreach (var (name, layer) in sparsifier.Layers)
        {
            var expected = name switch
            {
                "conv1" => "bn1",
                _ when name.EndsWith("downsample.0", StringComparison.Ordinal) => name[..^1] + "1",
                _ => name[..^"conv1".Length] + "bn" + name[^1],
            };
            Assert.Same(resnet.named_modules().Single(m => m.name == expected).module, sparsifier.FollowingBatchNorm(layer));
        }
    }

    [Theory]
    [InlineData("weight", "local")]
    [InlineData("weight", "global")]
    [InlineData("filter", "local")]
    [InlineData("filter", "global")]
    [InlineData("kernel", "global")]
    public void EveryLayerKeepsAtLeastOneGroupAtFullSparsity(string granularity, string context)
    {
        var model = ThreeConvs();
        using var sparsifier = new Sparsifier(model, granularity, context, "large_final");
        sparsifier.SparsifyModel(100);
        foreach (var conv in Convs(model))
        {
            var groupSize = granularity switch { "weight" => 1, "filter" => conv.weight.numel() / conv.out_channels, _ => conv.kernel_size[0] * conv.kernel_size[1] };
            Assert.Equal(conv.weight.numel() - groupSize, Zeros(conv.weight));
        }
    }

    [Fact]
    public void PerLayerMapPrunesEachNamedLayerToItsSparsityAndLeavesTheOthers()
    {
        var model = ThreeConvs();
        var convs = Convs(model);
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal);
        Assert.Equal(new[] { "0", "3", "6" }, sparsifier.Layers.Select(l => l.Name));
        sparsifier.SparsifyModel(new Dictionary<string, double> { ["0"] = 25, ["6"] = 75 });
        Assert.Equal((long)Math.Floor(convs[0].weight.numel() * 0.25), Zeros(convs[0].weight));
        Assert.Equal(0, Zeros(convs[1].weight));
        Assert.Equal((long)Math.Floor(convs[2].weight.numel() * 0.75), Zeros(convs[2].weight));
    }

    [Fact]
    public void MasksSurviveAdamWithWeightDecayAndSgdWithMomentum()
    {
        foreach (var useAdam in new[] { true, false })
        {
            var model = ThreeConvs();
            using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Conv2dAndLinear);
            sparsifier.SparsifyModel(70);
            var masks = sparsifier.Layers.Select(l => sparsifier.MaskOf(l.Layer)!).ToArray();
            optim.Optimizer optimizer = useAdam
                ? optim.Adam(model.parameters(), lr: 0.01, weight_decay: 0.1)
                : optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 0.1);
            var regrew = false;
            for (var step = 0; step < 5; step++)
            {
                using var scope = NewDisposeScope();
                var x = randn(4, 3, 5, 5);
                var y = randint(0, 5, [4]);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(x), y);
                loss.backward();
                optimizer.step();
                // Without masking, the optimizer moves pruned weights away from zero...
                var prunedValues = sparsifier.Layers.Select((l, i) => (Weight(l.Layer), masks[i]))
                    .Select(p => p.Item1.detach().mul(p.Item2.eq(0).to_type(ScalarType.Float32)).abs().sum().item<float>());
                regrew |= prunedValues.Any(v => v > 0);
                sparsifier.ApplyMasks();
                // ...and after ApplyMasks every pruned weight is exactly zero again.
                for (var i = 0; i < masks.Length; i++)
                {
                    var w = Values(Weight(sparsifier.Layers[i].Layer));
                    var m = Values(masks[i]);
                    for (var j = 0; j < w.Length; j++)
                        if (m[j] == 0) Assert.Equal(0f, w[j]);
                }
            }
            Assert.True(regrew, "the optimizer should have moved pruned weights before masking");
            foreach (var mask in masks) mask.Dispose();
        }
    }

    private static Parameter Weight(nn.Module layer) => layer is Conv2d c ? c.weight : ((Linear)layer).weight;

    [Fact]
    public void ResetWeightsRestoresSurvivingWeightsToTheirSavedValuesExactly()
    {
        var model = ThreeConvs();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal);
        var saved = model.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter));
        var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        model.train();
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(randn(4, 3, 5, 5)), randint(0, 5, [4])).backward();
            optimizer.step();
        }
        sparsifier.SparsifyModel(40);
        var bn = model.modules().OfType<BatchNorm2d>().First();
        Assert.NotEqual(0f, Values(bn.running_mean!).Select(Math.Abs).Sum());
        sparsifier.ResetWeights();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var now = Values(parameter);
            var isConvWeight = name is "0.weight" or "3.weight" or "6.weight";
            for (var j = 0; j < now.Length; j++)
                if (!isConvWeight || now[j] != 0) Assert.Equal(saved[name][j], now[j]);
        }
        Assert.Equal(0f, Values(bn.running_mean!).Select(Math.Abs).Sum());
        Assert.All(Values(bn.running_var!), v => Assert.Equal(1f, v));
        // The overall count is exact: 40% of all conv weights (global) are still zero after the reset.
        var convs = Convs(model);
        Assert.Equal((long)Math.Floor(convs.Sum(c => c.weight.numel()) * 0.4), convs.Sum(c => Zeros(c.weight)));
    }

    [Fact]
    public void CriteriaReadTheSavedWeightsAndThePreviousWeights()
    {
        var conv = nn.Conv2d(2, 4, 3);
        using var sparsifier = new Sparsifier(conv, Granularity.Weight, SparsityContext.Local, Criteria.Movement);
        var w0 = Values(conv.weight);
        using (no_grad()) conv.weight.add_(randn(conv.weight.shape));
        var w = Values(conv.weight);
        sparsifier.SparsifyModel(50);
        var after = Values(conv.weight);
        var moved = w.Select((v, j) => Math.Abs(v - w0[j])).ToArray();
        var kept = moved.Where((_, j) => after[j] != 0).ToArray();
        var pruned = moved.Where((_, j) => after[j] == 0).ToArray();
        Assert.Equal(36, pruned.Length);
        Assert.True(kept.Min() >= pruned.Max());

        var lin = nn.Linear(6, 6);
        using var updating = new Sparsifier(lin, Granularity.Weight, SparsityContext.Local, Criteria.UpdatingMovement, LayerTypes.Linear);
        using (no_grad()) lin.weight.add_(randn(6, 6));
        updating.SparsifyModel(10);            // wp becomes the weights now
        var wp = Values(lin.weight);
        using (no_grad()) lin.weight.add_(randn(6, 6));
        var w2 = Values(lin.weight);
        updating.SparsifyModel(50);
        var after2 = Values(lin.weight);
        var movedSincePrevious = w2.Select((v, j) => wp[j] == 0 ? -1 : Math.Abs(v - wp[j])).ToArray();
        var keptMoves = movedSincePrevious.Where((_, j) => after2[j] != 0).ToArray();
        var prunedMoves = movedSincePrevious.Where((_, j) => after2[j] == 0 && wp[j] != 0).ToArray();
        Assert.True(keptMoves.Min() >= prunedMoves.Max());
    }

    [Fact]
    public void InvalidInputRaisesBeforeAnyWeightChanges()
    {
        var model = ThreeConvs();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal);
        var before = model.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyModel(100.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyModel(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyModel(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyModel(50, roundTo: 0));
        Assert.Throws<ArgumentException>(() => sparsifier.SparsifyModel(new Dictionary<string, double> { ["0"] = 50, ["nope"] = 50 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyModel(new Dictionary<string, double> { ["0"] = 50, ["3"] = 150 }));
        Assert.Throws<ArgumentException>(() => sparsifier.SparsifyModel(new Dictionary<string, double>()));
        Assert.Throws<ArgumentException>(() => sparsifier.SparsifyLayer(nn.Conv2d(1, 1, 1), 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => sparsifier.SparsifyLayer(Convs(model)[0], 101));
        foreach (var (name, p) in model.named_parameters()) Assert.Equal(before[name], Values(p));

        using var global = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal);
        Assert.Throws<ArgumentException>(() => global.SparsifyModel(new Dictionary<string, double> { ["0"] = 50 }));
        var e = Assert.Throws<ArgumentException>(() => new Sparsifier(model, Granularity.Filter, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Conv2dAndLinear));
        Assert.Contains("Linear", e.Message);
        Assert.Contains("weight, column, row, layer", e.Message);
        Assert.Throws<ArgumentException>(() => new Sparsifier(model, "filters", "local", "large_final"));
        Assert.Throws<ArgumentException>(() => new Sparsifier(model, "filter", "everywhere", "large_final"));
        Assert.Throws<ArgumentException>(() => new Sparsifier(nn.Sequential(nn.ReLU()), Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal));
        Assert.Throws<ArgumentException>(() => new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.None));
        foreach (var (name, p) in model.named_parameters()) Assert.Equal(before[name], Values(p));
    }

    [Fact]
    public void GlobalSelectionWorksPastTwoToTheTwentyFourElements()
    {
        manual_seed(3);
        // 3 × 2,400 × 2,400 = 17,280,000 weights > 2^24 = 16,777,216 (where torch.quantile refuses).
        var model = nn.Sequential(nn.Linear(2400, 2400, hasBias: false), nn.Linear(2400, 2400, hasBias: false), nn.Linear(2400, 2400, hasBias: false));
        var linears = model.modules().OfType<Linear>().ToArray();
        using (no_grad()) linears[2].weight.mul_(3);
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal, LayerTypes.Linear);
        sparsifier.SparsifyModel(50);
        var total = linears.Sum(l => l.weight.numel());
        Assert.True(total > 1L << 24);
        Assert.Equal(total / 2, linears.Sum(l => Zeros(l.weight)));
        Assert.True(Zeros(linears[2].weight) < Zeros(linears[0].weight));
        model.Dispose();
    }

    [Fact]
    public void ReportListsLayersAndTheOverallLine()
    {
        var model = ThreeConvs();
        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal);
        sparsifier.SparsifyModel(50);
        var report = SparsityReport.Of(model);
        Assert.Equal(new[] { "0", "3", "6" }, report.Rows.Select(r => r.Layer));
        Assert.Equal(new long[] { 216, 1152, 192 }, report.Rows.Select(r => r.Parameters));
        Assert.Equal(new long[] { 108, 576, 96 }, report.Rows.Select(r => r.Zeros));
        Assert.Equal(1560, report.Overall.Parameters);
        Assert.Equal(50.0, report.Overall.Sparsity, 10);
        var text = report.ToString();
        Assert.Contains("Sparsity Report:", text);
        Assert.Matches(@"\n3\s+Conv2d\s+1,152\s+576\s+50\.00%\n", text);
        Assert.Matches(@"Overall\s+all\s+1,560\s+780\s+50\.00%$", text);
        var html = report.ToHtml();
        Assert.StartsWith("<table", html);
        Assert.Contains("<td>1,152</td>", html);
        Assert.Contains("<td>Overall</td>", html);
        var chart = report.PlotSparsity();
        Assert.Equal(new[] { "0", "3", "6" }, ((FasterSharp.Figures.BarTrace)chart.Traces[0]).Categories);
        Assert.Equal(4, SparsityReport.Of(model, LayerTypes.Conv2dAndLinear).Rows.Count);
        var named = nn.Sequential(("a<b>&", nn.Conv2d(1, 1, 1)));
        Assert.Contains("a&lt;b&gt;&amp;", SparsityReport.Of(named).ToHtml());
    }
}
