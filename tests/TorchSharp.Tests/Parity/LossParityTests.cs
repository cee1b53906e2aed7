using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>Loss values and input gradients against PyTorch 1.13: cross_entropy (mean, sum, class weights,
/// ignore_index, label_smoothing with and without weights), nll_loss (with and without weights), mse_loss,
/// l1_loss and kl_div with log_target false and true. Tolerance: the manifest's float32 recommendation for
/// reductions, rtol 1e-4 and atol 1e-5.</summary>
public class LossParityTests
{
    private const double Rtol = 1e-4;
    private const double Atol = 1e-5;

    public static TheoryData<string> Cases => new()
    {
        "cross_entropy", "cross_entropy_label_smoothing", "cross_entropy_weight", "cross_entropy_weight_label_smoothing",
        "cross_entropy_ignore_index", "cross_entropy_sum", "nll_loss", "nll_loss_weight",
        "mse_loss", "mse_loss_sum", "l1_loss",
        "kl_div_batchmean_log_target_false", "kl_div_batchmean_log_target_true",
    };

    [Fact]
    public void EveryLossFixtureHasAParityCase() =>
        ParitySettings.AssertCovers(PyTorchOracle.CasesOfKind("loss"), nameof(LossParityTests), Cases);

    private static nn.Reduction Reduction(ReferenceCase c) => c.String("reduction") switch
    {
        "mean" => nn.Reduction.Mean,
        "sum" => nn.Reduction.Sum,
        var other => throw new NotSupportedException($"{c.Name}: reduction {other} has no TorchSharp equivalent"),
    };

    private static Tensor Loss(ReferenceCase c, Tensor input)
    {
        var target = c["target"];
        var weight = c.Contains("weight") ? c["weight"] : null;
        if (c.Name.StartsWith("cross_entropy", StringComparison.Ordinal))
            return nn.functional.cross_entropy(input, target, weight,
                ignore_index: c.Contains("ignore_index") ? c["ignore_index"].item<long>() : -100,
                reduction: Reduction(c),
                label_smoothing: c.Contains("label_smoothing") ? c["label_smoothing"].item<double>() : 0.0);
        if (c.Name.StartsWith("nll_loss", StringComparison.Ordinal))
            return nn.functional.nll_loss(input, target, weight, Reduction(c));
        if (c.Name.StartsWith("mse_loss", StringComparison.Ordinal))
            return nn.functional.mse_loss(input, target, Reduction(c));
        if (c.Name == "l1_loss")
            return nn.functional.l1_loss(input, target, Reduction(c));
        if (c.Name.StartsWith("kl_div_batchmean", StringComparison.Ordinal))
        {
            // PyTorch's reduction='batchmean' is the sum divided by the batch size; TorchSharp's Reduction has no
            // BatchMean, so it is written out. log_target is passed explicitly: TorchSharp defaults it to true,
            // PyTorch to false.
            var logTarget = c["log_target"].item<long>() != 0;
            return nn.functional.kl_div(input, target, log_target: logTarget, reduction: nn.Reduction.Sum) / input.shape[0];
        }
        throw new NotSupportedException($"no loss mapping for {c.Name}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndInputGradientMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        Assert.Equal((Rtol, Atol), (c.Rtol, c.Atol));
        using var scope = NewDisposeScope();
        var input = c["input"].clone().requires_grad_(true);
        var loss = Loss(c, input);
        loss.backward();
        c.AssertClose("loss", loss.detach(), Rtol, Atol);
        c.AssertClose("grad_input", input.grad!, Rtol, Atol);
    }

    [Fact]
    public void KlDivFollowsTorchSharpInDefaultingToLogTargetTrueAndAnElementMean()
    {
        // We follow TorchSharp, not PyTorch: kl_div(input, target) treats the target as log-probabilities
        // (log_target: true) and Reduction.Mean averages over all elements. So with the log-target fixture
        // the default call gives PyTorch's batchmean value times batch / numel …
        using var scope = NewDisposeScope();
        using var logTarget = PyTorchOracle.Load("kl_div_batchmean_log_target_true");
        var input = logTarget["input"];
        var perElement = (double)input.shape[0] / input.numel();
        var byDefault = nn.functional.kl_div(input, logTarget["target"]);
        Assert.Equal(logTarget["loss"].item<float>() * perElement, byDefault.item<float>(), 1e-5);
        // … and passing a probability target without log_target: false gives a different (wrong) value.
        using var probTarget = PyTorchOracle.Load("kl_div_batchmean_log_target_false");
        var misused = nn.functional.kl_div(probTarget["input"], probTarget["target"], reduction: nn.Reduction.Sum) / input.shape[0];
        Assert.True(Math.Abs(misused.item<float>() - probTarget["loss"].item<float>()) > 0.01,
            $"kl_div with the default log_target gave PyTorch's log_target=false value {probTarget["loss"].item<float>()}");
    }
}
