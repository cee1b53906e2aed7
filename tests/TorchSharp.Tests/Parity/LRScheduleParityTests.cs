using TorchSharp.Modules;
using TorchSharp.Tests.Reference;
using static TorchSharp.torch;
using AnnealStrategy = TorchSharp.torch.optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy;

namespace TorchSharp.Tests.Parity;

/// <summary>Learning-rate (and momentum / beta1) sequences of OneCycleLR and StepLR against PyTorch 1.13:
/// the value in force for steps 0..n−1 (read after construction, then after each scheduler.step()).
/// Tolerance: the manifest's SCHEDULE, rtol 1e-12 and atol 1e-14 — both sides evaluate the same
/// closed-form double-precision formulas, so only the last few bits may differ.</summary>
public class LRScheduleParityTests
{
    private const double Rtol = 1e-12;
    private const double Atol = 1e-14;

    public static TheoryData<string> Cases => new()
    {
        "one_cycle_sgd",
        "one_cycle_adam",
        "one_cycle_sgd_epochs_linear_three_phase_false",
        "one_cycle_sgd_epochs_linear_three_phase_true",
        "step_lr",
    };

    [Fact]
    public void EveryScheduleFixtureHasAParityCase() =>
        ParitySettings.AssertCovers(PyTorchOracle.CasesOfKind("lr_schedule"), nameof(LRScheduleParityTests), Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LearningRateAndMomentumSequencesMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        Assert.Equal((Rtol, Atol), (c.Rtol, c.Atol));
        using var data = zeros(1);
        using var p = new Parameter(data);
        var isAdam = c.String("optimizer") == "Adam";
        using optim.Optimizer optimizer = isAdam
            ? optim.Adam(new[] { p }, lr: c.Double("lr"))
            : optim.SGD(new[] { p }, c.Double("lr"), momentum: c.Double("momentum", 0));
        var scheduler = name.StartsWith("one_cycle", StringComparison.Ordinal) ? OneCycle(c, optimizer)
            : optim.lr_scheduler.StepLR(optimizer, c.Int("step_size", -1), c.Double("gamma"));
        var group = optimizer.ParamGroups.Single();
        var steps = c.Int("steps", -1);
        var lrs = new double[steps];
        var momenta = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            if (step > 0) scheduler.step();
            lrs[step] = group.LearningRate;
            momenta[step] = isAdam ? ((Modules.Adam.ParamGroup)group).Betas.Item1 : ((Modules.SGD.ParamGroup)group).Momentum;
            Assert.Equal(lrs[step], scheduler.get_last_lr().Single());
        }
        using var lr = tensor(lrs);
        c.AssertClose("lr", lr, Rtol, Atol);
        if (c.Contains("momentum"))
        {
            using var momentum = tensor(momenta);
            c.AssertClose("momentum", momentum, Rtol, Atol);
        }
    }

    private static optim.lr_scheduler.LRScheduler OneCycle(ReferenceCase c, optim.Optimizer optimizer) =>
        optim.lr_scheduler.OneCycleLR(optimizer,
            max_lr: c.Double("max_lr"),
            total_steps: c.Int("total_steps", -1),
            epochs: c.Int("epochs", -1),
            steps_per_epoch: c.Int("steps_per_epoch", -1),
            pct_start: c.Double("pct_start"),
            anneal_strategy: c.String("anneal_strategy") switch
            {
                "cos" => AnnealStrategy.Cos,
                "linear" => AnnealStrategy.Linear,
                var other => throw new NotSupportedException($"{c.Name}: anneal_strategy {other}"),
            },
            cycle_momentum: c.Bool("cycle_momentum", true),
            base_momentum: c.Double("base_momentum"),
            max_momentum: c.Double("max_momentum"),
            div_factor: c.Double("div_factor"),
            final_div_factor: c.Double("final_div_factor"),
            three_phase: c.Bool("three_phase", false));
}
