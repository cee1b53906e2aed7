using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

/// <summary>Per-group sparsities for a MACs budget (greedy by drop per MAC saved) and the uniform sparsity of the
/// same budget: the MACs they promise are the MACs the pruned model has.</summary>
public class SensitivityMacsTests
{
    // conv1 1→8 and conv2 8→16 on 8×8 images: MACs conv1 4,608, bn1 512, conv2 73,728, pool 1,024, fc 64.
    private static Sequential Net()
    {
        manual_seed(21);
        return nn.Sequential(("conv1", nn.Conv2d(1, 8, 3, padding: 1)), ("bn1", nn.BatchNorm2d(8)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 16, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()),
            ("fc", nn.Linear(16, 4)));
    }

    private static readonly double[] Levels = [10, 25, 50, 75];

    /// <summary>A result as <see cref="Sensitivity.Analyze"/> would give for <see cref="Net"/>, with the drops given.</summary>
    private static SensitivityResult Constructed(double[] conv1Drops, double[] conv2Drops)
    {
        static IEnumerable<SensitivityRow> Rows(string group, long channels, double[] drops) =>
            Levels.Select((l, i) => new SensitivityRow(group, channels, l, Math.Min(Pruner.PrunedCount(channels, l), channels - 1), 0.9 - drops[i], drops[i]));
        return new SensitivityResult("accuracy", 0.9, Levels, [.. Rows("conv1", 8, conv1Drops), .. Rows("conv2", 16, conv2Drops)]);
    }

    private static long MacsAfterPruning(Func<Sequential> build, Tensor sample, double sparsity, IReadOnlyDictionary<string, double>? ratios = null)
    {
        var copy = build();
        Pruner.PruneFilters(copy, sample, sparsity, groupSparsities: ratios);
        return ModelStats.Measure(copy, sample).Macs;
    }

    [Fact]
    public void The_greedy_gives_the_sparsity_to_the_insensitive_group_and_the_pruned_model_meets_the_budget()
    {
        var model = Net();
        var sample = randn(1, 1, 8, 8);
        var dense = ModelStats.Measure(model, sample).Macs;
        Assert.Equal(79_936, dense);
        double[] small = [0.001, 0.002, 0.003, 0.004], large = [0.1, 0.2, 0.3, 0.4];

        var conv1Cheap = Constructed(small, large).RatiosForMacs(model, sample, 0.6);
        Assert.Equal(0, conv1Cheap.Ratios["conv2"]);
        // 75% of conv1 is the cheapest drop per MAC saved; the final pass steps back to 50%, which still fits.
        Assert.Equal(50, conv1Cheap.Ratios["conv1"]);
        Assert.Equal([("conv1", 75.0), ("conv1", 50.0)], conv1Cheap.Steps);
        Assert.Equal(0.003, conv1Cheap.SummedDrop, 9);

        var conv2Cheap = Constructed(large, small).RatiosForMacs(model, sample, 0.6);
        Assert.Equal(0, conv2Cheap.Ratios["conv1"]);
        Assert.Equal(50, conv2Cheap.Ratios["conv2"]);

        foreach (var budget in new[] { conv1Cheap, conv2Cheap })
        {
            var measured = MacsAfterPruning(Net, sample, 0, budget.Ratios);
            Assert.Equal(budget.Macs, measured);
            Assert.True(measured <= 0.6 * dense, $"{measured} MACs > 60% of {dense}");
            Assert.Equal(dense, budget.DenseMacs);
        }
        Assert.Contains("conv1", conv1Cheap.ToString());
    }

    [Fact]
    public void On_the_vgg_net_the_guided_and_uniform_budgets_are_met_exactly_and_the_uniform_sparsity_is_the_smallest()
    {
        var model = SmallCnns.VggStyle();
        var state = model.state_dict();
        Sequential Copy()
        {
            var copy = SmallCnns.VggStyle();
            copy.load_state_dict(state);
            return copy;
        }
        var sample = randn(1, 1, 28, 28);
        var dense = ModelStats.Measure(model, sample).Macs;
        // A cheap metric that only looks at the weights: each group's drop grows with its zeroed filters, later
        // groups (fewer MACs per channel) more sensitive.
        double Evaluate(nn.Module<Tensor, Tensor> m)
        {
            using var _ = no_grad();
            var convs = m.modules().OfType<Conv2d>().ToList();
            return 1 - convs.Select((c, i) => (i + 1) * c.weight!.reshape(c.weight.shape[0], -1).abs().sum(1).eq(0).sum().item<long>()
                / (double)c.weight.shape[0]).Sum() / 10;
        }
        var before = LearnerFixtures.Snapshot(model);
        var result = Sensitivity.Analyze(model, sample, Evaluate);
        var budget = result.RatiosForMacs(model, sample, 0.5);
        LearnerFixtures.AssertSameWeights(before, model);

        var guided = MacsAfterPruning(Copy, sample, 0, budget.Ratios);
        Assert.Equal(budget.Macs, guided);
        Assert.True(guided <= 0.5 * dense, $"{guided} MACs > half of {dense}");
        Assert.True(budget.Ratios["features.0"] >= budget.Ratios["features.14"], string.Join(", ", budget.Ratios));

        var uniform = Sensitivity.UniformSparsityForMacs(model, sample, budget.Fraction);
        var uniformMacs = MacsAfterPruning(Copy, sample, uniform);
        Assert.True(uniformMacs <= budget.Macs, $"uniform {uniform}%: {uniformMacs} MACs > {budget.Macs}");
        Assert.True(MacsAfterPruning(Copy, sample, uniform - 1e-6) > budget.Macs, $"uniform {uniform}% is not the smallest");
        LearnerFixtures.AssertSameWeights(before, model);
    }

    [Fact]
    public void On_a_residual_net_the_uniform_sparsity_meets_the_budget_with_residual_groups()
    {
        Sequential Build()
        {
            manual_seed(5);
            return SmallCnns.ResidualNet();
        }
        var model = Build();
        var sample = randn(1, 1, 28, 28);
        var dense = ModelStats.Measure(model, sample).Macs;
        var uniform = Sensitivity.UniformSparsityForMacs(model, sample, 0.4);
        Assert.True(MacsAfterPruning(Build, sample, uniform) <= 0.4 * dense);
        Assert.True(MacsAfterPruning(Build, sample, uniform - 1e-6) > 0.4 * dense);
        Assert.Equal(0, Sensitivity.UniformSparsityForMacs(model, sample, 1));
    }

    [Fact]
    public void Bad_budgets_and_models_are_refused_before_anything_changes()
    {
        var model = Net();
        var sample = randn(1, 1, 8, 8);
        var result = Constructed([0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]);
        var before = LearnerFixtures.Snapshot(model);
        foreach (var fraction in new[] { 0, -0.5, 1.01, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("macsFraction", Assert.Throws<ArgumentOutOfRangeException>(() => result.RatiosForMacs(model, sample, fraction)).ParamName);
            Assert.Equal("macsFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Sensitivity.UniformSparsityForMacs(model, sample, fraction)).ParamName);
        }
        // Both groups at 75% keep 2 and 4 channels: 1,152 + 128 + 4,608 + 256 + 16 MACs, 7.7% of 79,936.
        var unreachable = Assert.Throws<ArgumentOutOfRangeException>(() => result.RatiosForMacs(model, sample, 0.05));
        Assert.Contains("lowest MACs fraction the levels tested reach is 0.077", unreachable.Message);
        Assert.Contains("lowest MACs fraction uniform pruning reaches",
            Assert.Throws<ArgumentOutOfRangeException>(() => Sensitivity.UniformSparsityForMacs(model, sample, 0.001)).Message);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => result.RatiosForMacs(SmallCnns.PruningNet(), randn(1, 1, 28, 28), 0.5)).ParamName);
        var narrower = nn.Sequential(("conv1", nn.Conv2d(1, 6, 3, padding: 1)), ("relu1", nn.ReLU()), ("conv2", nn.Conv2d(6, 16, 3, padding: 1)),
            ("relu2", nn.ReLU()), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(16, 4)));
        Assert.Contains("6 channels in the model but 8", Assert.Throws<ArgumentException>(() => result.RatiosForMacs(narrower, sample, 0.5)).Message);
        Assert.Throws<ArgumentNullException>(() => result.RatiosForMacs(null!, sample, 0.5));
        Assert.Throws<ArgumentNullException>(() => Sensitivity.UniformSparsityForMacs(model, null!, 0.5));
        LearnerFixtures.AssertSameWeights(before, model);

        var whole = result.RatiosForMacs(model, sample, 1);
        Assert.All(whole.Ratios.Values, r => Assert.Equal(0, r));
        Assert.Equal(whole.DenseMacs, whole.Macs);
    }
}
