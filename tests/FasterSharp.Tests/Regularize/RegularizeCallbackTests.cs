using FasterSharp.Learning;
using FasterSharp.Regularize;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Regularize;

public class RegularizeCallbackTests
{
    private static float[] Values(Tensor t) => t.detach().contiguous().to_type(ScalarType.Float32).data<float>().ToArray();

    private static (Conv2d Conv, Linear Linear) Layers(nn.Module<Tensor, Tensor> net)
    {
        var modules = net.modules().ToList();
        return (modules.OfType<Conv2d>().Single(), modules.OfType<Linear>().Single());
    }

    [Fact]
    public void L1_and_L2_equal_their_formulas_computed_by_hand()
    {
        var net = LearnerFixtures.TinyNet(seed: 3);
        var (conv, linear) = Layers(net);
        var w = Values(conv.weight!).Select(v => (double)v).ToArray();
        var v2 = Values(linear.weight!).Select(v => (double)v).ToArray();

        Assert.Equal(w.Sum(Math.Abs), new RegularizeCallback(Penalty.L1, 1e-3).Measure(net), 5);
        Assert.Equal(w.Sum(x => x * x), new RegularizeCallback(Penalty.L2, 1e-3).Measure(net), 5);
        Assert.Equal(w.Concat(v2).Sum(Math.Abs), new RegularizeCallback(Penalty.L1, 1e-3, layerTypes: LayerTypes.Conv2dAndLinear).Measure(net), 5);
    }

    [Fact]
    public void Group_lasso_by_filter_is_the_sum_of_the_filters_L2_norms()
    {
        var net = LearnerFixtures.TinyNet(seed: 4);
        var w = Values(Layers(net).Conv.weight!); // [4, 1, 3, 3]: 4 filters of 9 weights
        var expected = Enumerable.Range(0, 4).Sum(f => Math.Sqrt(w.Skip(f * 9).Take(9).Sum(x => (double)x * x)));
        Assert.Equal(expected, new RegularizeCallback(Penalty.GroupLasso, 1e-3).Measure(net), 5);

        // By kernel on a conv with 2 input channels: one group per (out, in) pair.
        var conv = nn.Conv2d(2, 3, 3);
        var k = Values(conv.weight!);
        var byKernel = Enumerable.Range(0, 6).Sum(g => Math.Sqrt(k.Skip(g * 9).Take(9).Sum(x => (double)x * x)));
        Assert.Equal(byKernel, new RegularizeCallback(Penalty.GroupLasso, 1e-3, granularity: Granularity.Kernel).Measure(conv), 5);
    }

    [Fact]
    public void The_training_loss_grows_by_lambda_times_the_penalty_and_the_validation_loss_does_not()
    {
        var regularize = new RegularizeCallback(Penalty.L1, 0.01, log: TextWriter.Null);
        var before = new LossProbe(order: -10);
        var after = new LossProbe(order: 10);
        var learn = LearnerFixtures.Tiny(callbacks: [before, regularize, after]);
        learn.Fit(1, 1e-3);

        Assert.Equal(before.Train.Count, after.Train.Count);
        Assert.True(before.Train.Count >= 4);
        for (var i = 0; i < before.Train.Count; i++)
            Assert.Equal(before.Train[i] + 0.01 * after.Penalty[i], after.Train[i], 4);
        Assert.Equal(before.Valid, after.Valid);
        var record = Assert.Single(regularize.History);
        Assert.Equal(0, record.Epoch);
        Assert.Equal(0.01, record.Weight, 12);
        Assert.Equal(after.Penalty.Average(), record.Penalty, 4);
    }

    [Fact]
    public void A_schedule_scales_lambda_from_zero_to_the_weight()
    {
        var regularize = new RegularizeCallback(Penalty.L2, 0.5, schedule: Schedule.Lin);
        Assert.Equal(0, regularize.WeightAt(0), 12);
        Assert.Equal(0.25, regularize.WeightAt(0.5), 12);
        Assert.Equal(0.5, regularize.WeightAt(1), 12);
        Assert.Equal(0.5, new RegularizeCallback(Penalty.L2, 0.5).WeightAt(0.3), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => regularize.WeightAt(1.5));
    }

    [Fact]
    public void Group_lasso_pushes_filters_towards_zero_compared_with_the_same_training_without_it()
    {
        double TrainAndMeasure(bool regularize)
        {
            var callbacks = regularize ? new Callback[] { new RegularizeCallback(Penalty.GroupLasso, 0.5, log: TextWriter.Null) } : [];
            var learn = LearnerFixtures.Tiny(callbacks: callbacks, model: LearnerFixtures.TinyNet(seed: 7));
            learn.Fit(3, 1e-2);
            return new RegularizeCallback(Penalty.GroupLasso, 1).Measure(learn.Model);
        }

        var plain = TrainAndMeasure(false);
        var regularized = TrainAndMeasure(true);
        Assert.True(regularized < 0.8 * plain, $"group norms: {regularized} with the penalty vs {plain} without");
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_parameter_named()
    {
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L1, 0)).ParamName);
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L1, double.NaN)).ParamName);
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L1, 1e6)).ParamName);
        Assert.Equal("penalty", Assert.Throws<ArgumentException>(() => new RegularizeCallback((Penalty)7, 1)).ParamName);
        Assert.Equal("granularity", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L1, 1, granularity: Granularity.Filter)).ParamName);
        Assert.Equal("granularity", Assert.Throws<ArgumentException>(
            () => new RegularizeCallback(Penalty.GroupLasso, 1, granularity: Granularity.Kernel, layerTypes: LayerTypes.Linear)).ParamName);
        Assert.Equal("layerTypes", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L2, 1, layerTypes: LayerTypes.None)).ParamName);
        var overshoot = new Schedule(Schedule.LinFunction, endValue: 2, name: "overshoot");
        Assert.Equal("schedule", Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L2, 1, schedule: overshoot)).ParamName);
        Assert.Throws<ArgumentException>(() => new RegularizeCallback(Penalty.L1, 1).Measure(nn.Sequential(nn.ReLU())));
        Assert.Throws<ArgumentNullException>(() => new RegularizeCallback(Penalty.L1, 1).Measure(null!));
    }

    /// <summary>Records the loss of every batch at its place in the callback order, and the L1 penalty of the model then.</summary>
    private sealed class LossProbe(int order) : Callback
    {
        public List<double> Train { get; } = [];
        public List<double> Valid { get; } = [];
        public List<double> Penalty { get; } = [];
        public override int Order => order;

        public override void AfterLoss()
        {
            var loss = Learn.Loss!.detach().to_type(ScalarType.Float64).item<double>();
            if (!Learn.Training)
            {
                Valid.Add(loss);
                return;
            }

            Train.Add(loss);
            Penalty.Add(new RegularizeCallback(FasterSharp.Regularize.Penalty.L1, 1).Measure(Learn.Model));
        }
    }
}
