using TorchSharp.Modules;
using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>Five optimizer steps on loss = sum((x @ weight.T + bias − y)²) from the fixture's initial
/// parameters, compared with PyTorch 1.13 after every step (parameters and the loss before each step).
/// Tolerance: the manifest's F32_OPTIM, rtol 1e-5 and atol 1e-6 (float32; parameters are O(1), five steps
/// of float32 rounding in the loss/gradient stay near 1e-7).</summary>
public class OptimizerParityTests
{
    private const double Rtol = 1e-5;
    private const double Atol = 1e-6;

    public static TheoryData<string> Cases => new()
    {
        "sgd_nesterov_weight_decay",
        "sgd_momentum_dampening",
        "sgd_plain",
        "sgd_param_groups",
        "adam_weight_decay",
        "adam_amsgrad",
        "adam_betas",
        "adamw_weight_decay",
    };

    [Fact]
    public void EveryOptimizerFixtureHasAParityCase() =>
        ParitySettings.AssertCovers(PyTorchOracle.CasesOfKind("optimizer"), nameof(OptimizerParityTests), Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParametersAndLossMatchPyTorchAfterEachOfFiveSteps(string name)
    {
        using var c = PyTorchOracle.Load(name);
        Assert.Equal((Rtol, Atol), (c.Rtol, c.Atol));
        using var scope = NewDisposeScope();
        using var weight = new Parameter(c["weight_initial"].clone());
        using var bias = new Parameter(c["bias_initial"].clone());
        using var optimizer = MakeOptimizer(c, weight, bias);
        var x = c["x"];
        var y = c["y"];
        for (var step = 1; step <= 5; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = (x.matmul(weight.t()) + bias - y).square().sum(); // the fixture's formula, op for op
            loss.backward();
            optimizer.step();
            c.AssertClose($"loss_step_{step}", loss.detach(), Rtol, Atol);
            c.AssertClose($"weight_step_{step}", weight.detach(), Rtol, Atol);
            c.AssertClose($"bias_step_{step}", bias.detach(), Rtol, Atol);
        }
    }

    private static optim.Optimizer MakeOptimizer(ReferenceCase c, Parameter weight, Parameter bias)
    {
        var kind = c.String("optimizer");
        var lr = c.Double("lr");
        var weightDecay = c.Double("weight_decay", 0);
        switch (kind)
        {
            case "SGD" when c.Parameters.TryGetProperty("group_lrs", out _):
            {
                // Each group sets only its lr; momentum comes from the optimizer's defaults, as in PyTorch.
                var lrs = c.Doubles("group_lrs");
                var groups = new[]
                {
                    new Modules.SGD.ParamGroup(new[] { weight }, new Modules.SGD.Options { LearningRate = lrs[0] }),
                    new Modules.SGD.ParamGroup(new[] { bias }, new Modules.SGD.Options { LearningRate = lrs[1] }),
                };
                return optim.SGD(groups, lr, momentum: c.Double("momentum", 0));
            }
            case "SGD":
                return optim.SGD(new[] { weight, bias }, lr, momentum: c.Double("momentum", 0),
                    dampening: c.Double("dampening", 0), weight_decay: weightDecay, nesterov: c.Bool("nesterov", false));
            case "Adam":
            case "AdamW":
            {
                var betas = c.Parameters.TryGetProperty("betas", out _) ? c.Doubles("betas") : new[] { 0.9, 0.999 };
                var eps = c.Double("eps", 1e-8);
                var amsgrad = c.Bool("amsgrad", false);
                // PyTorch's AdamW defaults weight_decay to 0.01, Adam to 0; the fixture states it when it is used.
                return kind == "Adam"
                    ? optim.Adam(new[] { weight, bias }, lr, betas[0], betas[1], eps, weightDecay, amsgrad)
                    : optim.AdamW(new[] { weight, bias }, lr, betas[0], betas[1], eps, c.Double("weight_decay", 0.01), amsgrad);
            }
            default:
                throw new NotSupportedException($"{c.Name}: optimizer {kind} has no parity mapping");
        }
    }
}
