using FasterSharp.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>Loss values and input gradients against PyTorch 1.13: cross_entropy (the Learner's default loss;
/// mean, and with label smoothing) and kl_div as knowledge distillation uses it (log-probability input,
/// probability target, batchmean). float32 rtol 1e-4, atol 1e-5.</summary>
public class LossOracleTests
{
    private const double Rtol = 1e-4;
    private const double Atol = 1e-5;

    public static TheoryData<string> Cases => new() { "cross_entropy", "cross_entropy_label_smoothing", "kl_div_batchmean" };

    [Fact]
    public void EveryLossFixtureIsTested() => PyTorchOracle.AssertCovers("loss", nameof(LossOracleTests), Cases);

    private static Tensor Loss(ReferenceCase c, Tensor input) => c.Name switch
    {
        "cross_entropy" => nn.functional.cross_entropy(input, c["target"]),
        "cross_entropy_label_smoothing" =>
            nn.functional.cross_entropy(input, c["target"], label_smoothing: c["label_smoothing"].item<double>()),
        // PyTorch's reduction="batchmean" is the sum over the batch size; TorchSharp's Reduction has no
        // BatchMean. log_target must be passed: TorchSharp defaults it to true, PyTorch to false.
        "kl_div_batchmean" =>
            nn.functional.kl_div(input, c["target"], log_target: false, reduction: nn.Reduction.Sum) / input.shape[0],
        _ => throw new NotSupportedException($"no loss mapping for {c.Name}"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndInputGradientMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        using var scope = NewDisposeScope();
        var input = c["input"].clone().requires_grad_(true);
        var loss = Loss(c, input);
        loss.backward();
        c.AssertClose("loss", loss.detach(), Rtol, Atol);
        c.AssertClose("grad_input", input.grad!, Rtol, Atol);
    }

    [Fact]
    public void KlDivStillDefaultsToLogTargetTrue()
    {
        // A distillation loss written as kl_div(input, probabilities) silently computes something else while
        // TorchSharp keeps this default; if an upgrade changes it, this test says so.
        using var c = PyTorchOracle.Load("kl_div_batchmean");
        using var scope = NewDisposeScope();
        var byDefault = nn.functional.kl_div(c["input"], c["target"], reduction: nn.Reduction.Sum) / c["input"].shape[0];
        var asLogTarget = nn.functional.kl_div(c["input"], c["target"], log_target: true, reduction: nn.Reduction.Sum) / c["input"].shape[0];
        Assert.Equal(asLogTarget.item<float>(), byDefault.item<float>());
        Assert.True(Math.Abs(byDefault.item<float>() - c["loss"].item<float>()) > 0.01,
            $"kl_div's default gave PyTorch's log_target=False value {c["loss"].item<float>()}");
    }
}
