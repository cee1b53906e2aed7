using FasterSharp.Distill;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Quantize;
using FasterSharp.Sparse;
using FasterSharp.Tests.Distill;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Quantize.QuantizeFixtures;
using static FasterSharp.Tests.ModuleInspection;

namespace FasterSharp.Tests.Quantize;

public class QuantizeCallbackTests
{
    [Fact]
    public void QuantizationAwareTrainingCombinesWithDistillation()
    {
        var teacher = DistillationFixtures.Teacher();
        var learn = DistillationFixtures.Student();
        var qat = new QuantizeCallback();
        var kd = new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(3), 0.5);
        var before = LearnerFixtures.Snapshot(learn.Model);

        learn.Fit(1, 1e-3, [qat, kd]);

        var epoch = learn.Recorder.Epochs.Single();
        Assert.True(double.IsFinite(epoch.TrainLoss) && double.IsFinite(epoch.ValidLoss), $"losses {epoch.TrainLoss}, {epoch.ValidLoss}");
        Assert.True(double.IsFinite(kd.LastDistillationLoss));
        var ranges = qat.Ranges ?? throw new Xunit.Sdk.XunitException("no ranges after the fit");
        var expected = ModelWalk.DepthFirst(learn.Model).Where(m => m.Module is Conv2d or Linear).Select(m => m.Name).ToList();
        Assert.Equal(expected, ranges.Names);
        Assert.Empty(qat.NotObserved);
        Assert.All(ranges.Layers, l => Assert.True(l.Input.Scale > 0 && l.Input.Max > l.Input.Min, $"{l.Name}: {l.Input}"));
        Assert.Equal(0, HookCount(learn.Model));
        var after = LearnerFixtures.Snapshot(learn.Model);
        Assert.Contains(before.Keys, key => !before[key].SequenceEqual(after[key])); // it trained
        // The weights after the fit are the float weights the optimizer stepped, not their int8 values.
        var conv = (Conv2d)learn.Model.modules().First(m => m is Conv2d);
        using var scope = NewDisposeScope();
        Assert.False(Identical(conv.weight!, ChannelQuantParams.FromTensor(conv.weight!, 0, QuantScheme.Int8Symmetric).FakeQuantize(conv.weight!)));
        // The ranges simulate.
        using (Quantizer.Simulate(learn.Model, ranges)) Assert.True(double.IsFinite(learn.Validate().Loss));
    }

    [Fact]
    public void TheForwardSeesInt8WeightsAndTheOptimizerStepsFloatWeights()
    {
        var probe = new WeightProbe();
        var learn = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback(), probe]);
        learn.Fit(1, 1e-2);
        Assert.True(probe.Batches > 0);
        Assert.True(probe.OnGridAfterPred, "during the forward and backward the conv's weight holds int8-representable values");
        Assert.True(probe.FloatBeforeStep, "before the step the float weights are back");
    }

    [Fact]
    public void FrozenRangesStayAtTheirInitialValuesAndFollowingRangesMove()
    {
        var model = TinyCnn();
        var initial = new Quantizer().Calibrate(model, Batches(2));
        var frozen = new QuantizeCallback(freezeAt: 0, initialRanges: initial);
        LearnerFixtures.Tiny(callbacks: [frozen], model: model).Fit(1, 1e-3);
        Assert.Equal(initial["0"].Input.Min, frozen.Ranges!["0"].Input.Min);
        Assert.Equal(initial["5"].Input.Max, frozen.Ranges!["5"].Input.Max);

        var following = new QuantizeCallback(new MovingAverageMinMaxObserver(averagingConstant: 0.5), freezeAt: 1, initialRanges: initial);
        LearnerFixtures.Tiny(callbacks: [following], model: TinyCnn()).Fit(1, 1e-3);
        Assert.NotEqual(initial["0"].Input.Min, following.Ranges!["0"].Input.Min);
        Assert.Contains("quantization-aware training", following.Ranges.Method);
    }

    [Fact]
    public void BadSettingsAndModelsAreClearErrorsBeforeTraining()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantizeCallback(freezeAt: 1.5));
        Assert.Throws<ArgumentException>(() => new QuantizeCallback(freezeAt: 0));
        var conv1d = nn.Sequential(("conv", nn.Conv1d(1, 2, 3)), ("flatten", nn.Flatten()), ("fc", nn.Linear(2, 3)));
        var learn = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback()], model: nn.Sequential(nn.Flatten(), nn.Linear(64, 3)));
        learn.Fit(1, 1e-3); // a Linear-only model works
        var noLayers = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback()], model: nn.Sequential(nn.Flatten()));
        var before = LearnerFixtures.Snapshot(noLayers.Model);
        Assert.Throws<ArgumentException>(() => noLayers.Fit(1, 1e-3));
        Assert.Equal(0, HookCount(noLayers.Model));
        var other = new Quantizer().Calibrate(TinyCnn(), Batches(1));
        var mismatched = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback(initialRanges: other)], model: nn.Sequential(("c", nn.Conv2d(1, 3, 3)), ("f", nn.Flatten()), ("l", nn.Linear(108, 3))));
        var error = Assert.Throws<ArgumentException>(() => mismatched.Fit(1, 1e-3));
        Assert.Contains("'c'", error.Message);
        Assert.Equal(0, HookCount(mismatched.Model));
    }

    [Fact]
    public void NonFiniteActivationsInTrainingStopTheFitNamingTheLayerAndLeaveFloatWeights()
    {
        manual_seed(0);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3, padding: 1)), ("poison", new PoisonAfter(2)), ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(4, 3)));
        var learn = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback(freezeAt: 1)], model: model);
        var weights = LearnerFixtures.Snapshot(model);
        var error = Assert.Throws<InvalidOperationException>(() => learn.Fit(1, 1e-30));
        Assert.Contains("layer 'fc'", error.Message);
        Assert.Contains("NaN", error.Message);
        LearnerFixtures.AssertSameWeights(weights, model); // lr 1e-30 moves no float32 weight: the float weights are back, not their int8 values
        Assert.Equal(0, HookCount(model));

        // Frozen ranges do not look at the data; a NaN that reaches the weights is named at the next batch.
        var diverging = LearnerFixtures.Tiny(callbacks: [new QuantizeCallback(freezeAt: 0, initialRanges: new Quantizer().Calibrate(model, [randn(2, 1, 8, 8)]))],
            model: model);
        var late = Assert.Throws<InvalidOperationException>(() => diverging.Fit(1, 1e-3));
        Assert.Contains("weight of layer", late.Message);
        Assert.Equal(0, HookCount(model));
    }

    /// <summary>Passes its input through, except from the given training call on, where it returns NaN.</summary>
    private sealed class PoisonAfter(int calls) : nn.Module<Tensor, Tensor>("poison")
    {
        private int _calls;

        public override Tensor forward(Tensor input) => training && ++_calls > calls ? input * float.NaN : input.alias();
    }

    /// <summary>Looks at the first conv's weight during training batches.</summary>
    private sealed class WeightProbe : Callback
    {
        public override int Order => 10;
        public int Batches { get; private set; }
        public bool OnGridAfterPred { get; private set; } = true;
        public bool FloatBeforeStep { get; private set; } = true;

        private Tensor? _float;

        public override void BeforeBatch()
        {
            _float?.Dispose();
            _float = Learn.Training ? Weight().detach().clone().DetachFromDisposeScope() : null;
        }

        public override void AfterPred()
        {
            if (_float is null) return;
            Batches++;
            // The weight the forward used is the fake-quantized float weight of this batch.
            OnGridAfterPred &= Identical(Weight(), ChannelQuantParams.FromTensor(_float, 0, QuantScheme.Int8Symmetric).FakeQuantize(_float));
            OnGridAfterPred &= !Identical(Weight(), _float);
        }

        private Parameter Weight() => ((Conv2d)Learn.Model.modules().First(m => m is Conv2d)).weight!;

        public override void BeforeStep()
        {
            // Order 10: after the QuantizeCallback's BeforeStep put the float weights back.
            if (_float is not null) FloatBeforeStep &= Identical(Weight(), _float);
        }
    }
}
