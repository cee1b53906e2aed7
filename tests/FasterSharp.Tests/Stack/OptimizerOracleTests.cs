using FasterSharp.Learning;
using FasterSharp.Tests.Reference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>Five optimizer steps on loss = sum((x @ weight.T + bias − y)²) from the fixture's initial
/// parameters, compared with PyTorch 1.13 after every step (parameters, and the loss before each step):
/// SGD with momentum, Nesterov and weight decay; Adam; AdamW (decoupled weight decay); and AdamW with
/// fastai's settings whose learning rate and first beta are changed before every step through
/// <see cref="OptimizerHyperParameters"/>, as the one-cycle schedule does. float32, parameters O(1):
/// rtol 1e-5, atol 1e-6.</summary>
public class OptimizerOracleTests
{
    private const double Rtol = 1e-5;
    private const double Atol = 1e-6;

    public static TheoryData<string> Cases => new()
    {
        "sgd_nesterov_weight_decay", "adam", "adamw_weight_decay", "adamw_fastai_scheduled",
    };

    [Fact]
    public void EveryOptimizerFixtureIsTested() => PyTorchOracle.AssertCovers("optimizer", nameof(OptimizerOracleTests), Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParametersAndLossMatchPyTorchAfterEachOfFiveSteps(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        using var weight = new Parameter(c["weight_initial"].clone());
        using var bias = new Parameter(c["bias_initial"].clone());
        var optimizer = MakeOptimizer(c, [weight, bias]);
        var lrs = c.Doubles("lr_per_step");
        var beta1s = c.Doubles("beta1_per_step");
        var (x, y) = (c["x"], c["y"]);
        for (var step = 1; step <= 5; step++)
        {
            using var scope = NewDisposeScope();
            if (lrs is not null) OptimizerHyperParameters.SetLearningRate(optimizer, lrs[step - 1]);
            if (beta1s is not null) OptimizerHyperParameters.SetMomentum(optimizer, beta1s[step - 1]);
            optimizer.zero_grad();
            var loss = (x.matmul(weight.t()) + bias - y).square().sum(); // the fixture's formula, op for op
            loss.backward();
            optimizer.step();
            c.AssertClose($"loss_step_{step}", loss.detach(), Rtol, Atol);
            c.AssertClose($"weight_step_{step}", weight.detach(), Rtol, Atol);
            c.AssertClose($"bias_step_{step}", bias.detach(), Rtol, Atol);
        }
    }

    private static optim.Optimizer MakeOptimizer(ReferenceCase c, Parameter[] parameters)
    {
        var lr = c.Double("lr");
        var weightDecay = c.Double("weight_decay", 0);
        var betas = c.Doubles("betas") ?? [0.9, 0.999];
        var eps = c.Double("eps", 1e-8);
        return c.String("optimizer") switch
        {
            "SGD" => optim.SGD(parameters, lr, momentum: c.Double("momentum", 0), dampening: c.Double("dampening", 0),
                weight_decay: weightDecay, nesterov: c.Bool("nesterov", false)),
            "Adam" => optim.Adam(parameters, lr, betas[0], betas[1], eps, weightDecay),
            // PyTorch's AdamW defaults weight_decay to 0.01, TorchSharp's to 0: the fixtures state it.
            "AdamW" => optim.AdamW(parameters, lr, betas[0], betas[1], eps, c.Double("weight_decay")),
            var other => throw new NotSupportedException($"{c.Name}: optimizer {other} has no mapping"),
        };
    }
}
