using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.Tests.OptimizerTestData;

namespace TorchSharp.Tests;

public class LRSchedulerTests
{
    private static double Cos(double start, double end, double pct) => end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1);

    [Fact]
    public void StepLRMultipliesByGammaEveryStepSizeEpochs()
    {
        using var p = Param(1f);
        using var opt = optim.SGD(new[] { p }, 1.0);
        var scheduler = optim.lr_scheduler.StepLR(opt, step_size: 3, gamma: 0.5);
        var lrs = new List<double> { scheduler.get_last_lr().Single() };
        for (var i = 0; i < 7; i++)
        {
            scheduler.step();
            lrs.Add(opt.ParamGroups.Single().LearningRate);
        }
        var expected = Enumerable.Range(0, 8).Select(e => Math.Pow(0.5, e / 3)).ToArray();
        Assert.Equal(expected, lrs.ToArray());
        Assert.Equal(expected[^1], scheduler.get_last_lr().Single());
    }

    [Fact]
    public void OneCycleLRFollowsTheCosineScheduleForLearningRateAndSgdMomentum()
    {
        using var p = Param(1f);
        using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.9);
        var group = (Modules.SGD.ParamGroup)opt.ParamGroups.Single();
        var scheduler = optim.lr_scheduler.OneCycleLR(opt, max_lr: 1.0, total_steps: 10);
        for (var t = 0; t <= 10; t++)
        {
            if (t > 0) scheduler.step();
            // phase 1 ends at step 0.3·10 − 1 = 2, phase 2 at step 9; PyTorch lets step 10 extrapolate phase 2
            double lr, momentum;
            if (t <= 2) { lr = Cos(0.04, 1, t / 2.0); momentum = Cos(0.95, 0.85, t / 2.0); }
            else { lr = Cos(1, 0.04 / 1e4, (t - 2) / 7.0); momentum = Cos(0.85, 0.95, (t - 2) / 7.0); }
            Assert.Equal(lr, group.LearningRate, 12);
            Assert.Equal(momentum, group.Momentum, 12);
        }
        Assert.Equal(0.04, group.InitialLearningRate, 12);
    }

    [Fact]
    public void OneCycleLRLinearThreePhaseCyclesAdamBeta1AndKeepsBeta2()
    {
        using var p = Param(1f);
        using var opt = optim.Adam(new[] { p }, beta2: 0.99);
        var group = (Modules.Adam.ParamGroup)opt.ParamGroups.Single();
        var scheduler = optim.lr_scheduler.OneCycleLR(opt, max_lr: 0.5, epochs: 2, steps_per_epoch: 10, pct_start: 0.25,
            anneal_strategy: optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy.Linear, three_phase: true,
            base_momentum: 0.8, max_momentum: 0.9, div_factor: 10, final_div_factor: 100);
        static double Lin(double s, double e, double pct) => s + (e - s) * pct;
        for (var t = 0; t < 20; t++)
        {
            if (t > 0) scheduler.step();
            // phase ends: 0.25·20 − 1 = 4, 2·0.25·20 − 2 = 8, 19
            double lr, beta1;
            if (t <= 4) { lr = Lin(0.05, 0.5, t / 4.0); beta1 = Lin(0.9, 0.8, t / 4.0); }
            else if (t <= 8) { lr = Lin(0.5, 0.05, (t - 4) / 4.0); beta1 = Lin(0.8, 0.9, (t - 4) / 4.0); }
            else { lr = Lin(0.05, 0.0005, (t - 8) / 11.0); beta1 = 0.9; }
            Assert.Equal(lr, group.LearningRate, 12);
            Assert.Equal(beta1, group.Betas.Item1, 12);
            Assert.Equal(0.99, group.Betas.Item2);
        }
    }

    [Fact]
    public void OneCycleLRRefusesToStepPastTotalStepsWithoutChangingTheRate()
    {
        using var p = Param(1f);
        using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.9);
        var scheduler = optim.lr_scheduler.OneCycleLR(opt, max_lr: 1.0, total_steps: 3);
        scheduler.step();
        scheduler.step();
        scheduler.step(); // the third call after construction reaches step 3 = total_steps, as PyTorch allows
        var lr = opt.ParamGroups.Single().LearningRate;
        var e = Assert.Throws<InvalidOperationException>(() => scheduler.step());
        Assert.Contains("total_steps = 3", e.Message);
        Assert.Equal(lr, opt.ParamGroups.Single().LearningRate);
        Assert.Throws<InvalidOperationException>(() => scheduler.step());
    }

    [Fact]
    public void OneCycleLRGivesEachGroupItsOwnMaxLr()
    {
        using var a = Param(1f);
        using var b = Param(1f);
        using var opt = optim.SGD(new[] { new Modules.SGD.ParamGroup(new[] { a }, lr: 0.1), new Modules.SGD.ParamGroup(new[] { b }, lr: 0.1) }, 0.1);
        var scheduler = optim.lr_scheduler.OneCycleLR(opt, new[] { 1.0, 2.0 }, total_steps: 10, cycle_momentum: false);
        Assert.Equal(new[] { 0.04, 0.08 }, scheduler.get_last_lr().Select(x => Math.Round(x, 12)));
        Assert.Equal(0.0, ((Modules.SGD.ParamGroup)opt.ParamGroups.First()).Momentum);
    }

    [Fact]
    public void InvalidSchedulerArgumentsThrowBeforeChangingTheOptimizer()
    {
        using var p = Param(1f);
        using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.5);
        var group = (Modules.SGD.ParamGroup)opt.ParamGroups.Single();
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.lr_scheduler.OneCycleLR(opt, 1.0, total_steps: 0));
        Assert.Throws<ArgumentException>(() => optim.lr_scheduler.OneCycleLR(opt, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.lr_scheduler.OneCycleLR(opt, 1.0, total_steps: 10, pct_start: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.lr_scheduler.OneCycleLR(opt, double.NaN, total_steps: 10));
        Assert.Throws<ArgumentException>(() => optim.lr_scheduler.OneCycleLR(opt, new[] { 1.0, 2.0 }, total_steps: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.lr_scheduler.StepLR(opt, step_size: 0));
        Assert.Throws<ArgumentNullException>(() => optim.lr_scheduler.StepLR(null!, step_size: 1));
        Assert.Equal(0.1, group.LearningRate);
        Assert.Equal(0.1, group.InitialLearningRate);
        Assert.Equal(0.5, group.Momentum);
    }
}
