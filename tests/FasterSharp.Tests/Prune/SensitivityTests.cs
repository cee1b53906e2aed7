using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

public class SensitivityTests
{
    private static Sequential Net()
    {
        manual_seed(21);
        return nn.Sequential(("conv1", nn.Conv2d(1, 8, 3, padding: 1)), ("bn1", nn.BatchNorm2d(8)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 16, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()),
            ("fc", nn.Linear(16, 4)));
    }

    [Fact]
    public void Each_group_is_pruned_alone_the_drop_matches_a_pruned_copy_and_the_model_ends_unchanged()
    {
        var model = Net();
        model.eval();
        var sample = randn(6, 1, 8, 8);
        using var reference = model.forward(sample).detach().clone();
        // The metric: minus the distance of the outputs from the unpruned model's (0 for the unpruned model).
        double Evaluate(nn.Module<Tensor, Tensor> m)
        {
            using var _ = no_grad();
            return -m.forward(sample).sub(reference).abs().sum().item<float>();
        }

        var before = LearnerFixtures.Snapshot(model);
        var result = Sensitivity.Analyze(model, sample, Evaluate, levels: [50, 25], metricName: "closeness");

        LearnerFixtures.AssertSameWeights(before, model);
        Assert.Equal([25.0, 50.0], result.Levels);
        Assert.Equal(["conv1", "conv2"], result.Groups);
        Assert.Equal(0, result.Baseline, 6);
        Assert.Equal(4, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.True(r.Drop > 0, $"{r.Group} at {r.Level}%: no drop"));
        Assert.Equal(4, result.Rows.Single(r => r.Group == "conv1" && r.Level == 50).Pruned);

        // The same drop as physically removing those channels with the Pruner on a copy.
        var copy = Net();
        copy.eval();
        Pruner.PruneFilters(copy, sample, 0, groupSparsities: new Dictionary<string, double> { ["conv2"] = 50 });
        Assert.Equal(8, ((Conv2d)copy.named_modules().Single(m => m.name == "conv2").module).out_channels);
        Assert.Equal(-Evaluate(copy), result.Rows.Single(r => r.Group == "conv2" && r.Level == 50).Drop, 3);
    }

    [Fact]
    public void Ratios_for_a_budget_take_the_highest_level_within_the_drop()
    {
        var model = Net();
        model.eval();
        var sample = randn(6, 1, 8, 8);
        var calls = 0;
        // A metric that only depends on how many conv2 filters are zero: conv1 is insensitive, conv2 sensitive.
        double Evaluate(nn.Module<Tensor, Tensor> m)
        {
            calls++;
            var conv2 = (Conv2d)m.named_modules().Single(x => x.name == "conv2").module;
            using var _ = no_grad();
            return 1.0 - conv2.weight!.reshape(16, -1).abs().sum(1).eq(0).sum().item<long>() / 16.0;
        }

        var result = Sensitivity.Analyze(model, sample, Evaluate);
        Assert.Equal(1 + 2 * 4, calls);
        var ratios = result.RatiosFor(0.2);
        Assert.Equal(75, ratios["conv1"]);
        Assert.Equal(10, ratios["conv2"]);
        Assert.Equal(0, result.RatiosFor(0)["conv2"]);
        Assert.Contains("conv2", result.ToString());
        Assert.Equal(2, result.Plot().Traces.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.RatiosFor(-1));
    }

    [Fact]
    public void Bad_arguments_are_refused_and_a_failing_evaluation_leaves_the_model_as_it_was()
    {
        var model = Net();
        var sample = randn(2, 1, 8, 8);
        Assert.Equal("levels", Assert.Throws<ArgumentException>(() => Sensitivity.Analyze(model, sample, _ => 1, levels: [0])).ParamName);
        Assert.Equal("levels", Assert.Throws<ArgumentException>(() => Sensitivity.Analyze(model, sample, _ => 1, levels: [10, 10])).ParamName);
        Assert.Equal("levels", Assert.Throws<ArgumentException>(() => Sensitivity.Analyze(model, sample, _ => 1, levels: [])).ParamName);
        Assert.Throws<ArgumentNullException>(() => Sensitivity.Analyze(model, sample, null!));

        var before = LearnerFixtures.Snapshot(model);
        var calls = 0;
        Assert.Equal("evaluate", Assert.Throws<ArgumentException>(() => Sensitivity.Analyze(model, sample, _ => ++calls == 3 ? double.NaN : 1)).ParamName);
        LearnerFixtures.AssertSameWeights(before, model);

        Assert.Equal("groupSparsities", Assert.Throws<ArgumentException>(() =>
            Pruner.PruneFilters(model, sample, 10, groupSparsities: new Dictionary<string, double> { ["conv9"] = 50 })).ParamName);
        LearnerFixtures.AssertSameWeights(before, model);
    }
}
