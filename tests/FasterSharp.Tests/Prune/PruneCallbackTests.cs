using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

public class PruneCallbackTests
{
    private static Learner ResidualLearner(params Callback[] callbacks)
    {
        manual_seed(5);
        return new Learner(LearnerFixtures.Data(128, 64, batchSize: 32), SmallCnns.ResidualNet(), metrics: [new Accuracy()],
            callbacks: callbacks, showProgress: false);
    }

    private static bool[] ZeroFilters(Tensor weight)
    {
        using var _ = no_grad();
        return weight.detach().reshape(weight.shape[0], -1).abs().sum(1).eq(0).data<bool>().ToArray();
    }

    [Fact]
    public void On_a_ResNet_residual_groups_stay_consistent_at_every_step_and_the_fit_ends_with_fewer_channels_and_a_working_optimizer()
    {
        var prune = new PruneCallback(50, Schedule.Lin, log: TextWriter.Null);
        var probe = new ConsistencyProbe();
        var learn = ResidualLearner(prune, probe);
        var parametersBefore = learn.Model.parameters().Sum(p => p.numel());
        var groupsBefore = DependencyGraph.Build(learn.Model, randn(1, 1, 28, 28)).Groups.Where(g => g.IsPrunable)
            .ToDictionary(g => g.Name, g => g.Channels);

        learn.Fit(2, 1e-3);

        Assert.True(probe.Steps >= 8, $"only {probe.Steps} steps were checked");
        Assert.True(probe.CoupledGroupsSeen > 0, "the probe saw no group with several producers: the residual coupling was not checked");
        Assert.Empty(probe.Inconsistencies);
        Assert.NotNull(prune.Result);
        var groupsAfter = DependencyGraph.Build(learn.Model, randn(1, 1, 28, 28)).Groups.Where(g => g.IsPrunable).ToDictionary(g => g.Name, g => g.Channels);
        foreach (var (name, channels) in groupsBefore)
            Assert.Equal(channels - channels / 2, groupsAfter[name]);
        Assert.True(learn.Model.parameters().Sum(p => p.numel()) < parametersBefore);

        // The same learner trains the smaller model: a new optimizer over the new parameters, finite losses.
        learn.Remove(prune);
        learn.Fit(1, 1e-3);
        Assert.True(double.IsFinite(learn.Recorder.Epochs[^1].TrainLoss));
        var optimized = learn.Optimizer!.parameters().Select(p => p.Handle).ToHashSet();
        Assert.All(learn.Model.parameters(), p => Assert.Contains(p.Handle, optimized));
    }

    [Fact]
    public void Per_group_sparsities_apply_and_an_unknown_group_fails_before_anything_changes()
    {
        var learn = ResidualLearner();
        var before = LearnerFixtures.Snapshot(learn.Model);
        var unknown = new PruneCallback(50, Schedule.OneShot, groupSparsities: new Dictionary<string, double> { ["block9.conv1"] = 30 }, log: TextWriter.Null);
        learn.Add(unknown);
        var error = Assert.ThrowsAny<ArgumentException>(() => learn.Fit(1, 1e-3));
        Assert.Contains("block9.conv1", error.Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        learn.Remove(unknown);

        var targeted = new PruneCallback(0, Schedule.OneShot, groupSparsities: new Dictionary<string, double> { ["block1.conv1"] = 75 }, log: TextWriter.Null);
        learn.Add(targeted);
        learn.Fit(1, 1e-3);
        var conv = learn.Model.named_modules().Single(m => m.name == "block1.conv1").module as Conv2d;
        Assert.Equal(8, conv!.out_channels);
        Assert.Equal(32, (learn.Model.named_modules().Single(m => m.name == "block2.conv1").module as Conv2d)!.in_channels);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Equal("sparsity", Assert.Throws<ArgumentException>(() => new PruneCallback(120, Schedule.Lin)).ParamName);
        Assert.Equal("sparsity", Assert.Throws<ArgumentException>(() => new PruneCallback(double.NaN, Schedule.Lin)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new PruneCallback(50, null!));
        Assert.Equal("criterion", Assert.Throws<ArgumentException>(() => new PruneCallback(50, Schedule.Lin, Criteria.Parse("movement"))).ParamName);
        Assert.Equal("groupSparsities", Assert.Throws<ArgumentException>(() => new PruneCallback(50, Schedule.Lin, context: SparsityContext.Global,
            groupSparsities: new Dictionary<string, double> { ["a"] = 1 })).ParamName);
        Assert.Equal("groupSparsities[a]", Assert.Throws<ArgumentException>(() => new PruneCallback(50, Schedule.Lin,
            groupSparsities: new Dictionary<string, double> { ["a"] = -1 })).ParamName);
        Assert.Equal("layerTypes", Assert.Throws<ArgumentException>(() => new PruneCallback(50, Schedule.Lin, layerTypes: LayerTypes.None)).ParamName);
    }

    /// <summary>After every optimizer step, checks that in each dependency group every producer has the same zero
    /// filters and each BatchNorm zero γ and β on exactly those channels.</summary>
    private sealed class ConsistencyProbe : Callback
    {
        private List<ChannelGroup>? _groups;
        public int Steps { get; private set; }
        public int CoupledGroupsSeen { get; private set; }
        public List<string> Inconsistencies { get; } = [];
        public override int Order => 100;

        public override void BeforeFit() =>
            _groups ??= DependencyGraph.Build(Learn.Model, randn(1, 1, 28, 28)).Groups.Where(g => g.IsPrunable).ToList();

        public override void AfterStep()
        {
            Steps++;
            var modules = Learn.Model.named_modules().ToDictionary(m => m.name, m => m.module);
            foreach (var group in _groups!)
            {
                var producers = group.Members.Where(m => m.Role == MemberRole.Producer).ToList();
                if (producers.Count > 1) CoupledGroupsSeen++;
                var patterns = producers.Select(m => ZeroFilters(((Conv2d)modules[m.Module]).weight!)).ToList();
                foreach (var bn in group.Members.Where(m => m.Role == MemberRole.BatchNorm))
                {
                    var norm = (BatchNorm)modules[bn.Module];
                    patterns.Add(norm.weight!.detach().eq(0).logical_and(norm.bias!.detach().eq(0)).data<bool>().ToArray());
                }
                if (patterns.Any(p => !p.SequenceEqual(patterns[0])))
                    Inconsistencies.Add($"step {Steps}, group {group.Name}: members disagree on which channels are zero");
            }
        }
    }
}
