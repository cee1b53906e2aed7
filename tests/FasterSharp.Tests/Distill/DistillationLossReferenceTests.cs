using FasterSharp.Distill;
using FasterSharp.Tests.Reference;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

/// <summary>Every loss's value and gradient against Debian's PyTorch 1.13 (tests/reference/make_distill_fixtures.py),
/// in float64.</summary>
public class DistillationLossReferenceTests
{
    private static readonly Lazy<Dictionary<string, Tensor>> Fixtures = new(() =>
    {
        var tensors = ReferenceFile.Load(Path.Combine(ReferenceScript.Run("make_distill_fixtures.py", TimeSpan.FromMinutes(2)), "distill.dat"));
        foreach (var t in tensors.Values) t.DetachFromDisposeScope(); // first used inside a test's dispose scope
        return tensors;
    });

    private static Tensor F(string key) => Fixtures.Value[key];

    public static TheoryData<string> OutputCases => new() { "soft_target_t3", "soft_target_t5", "logits", "mutual", "decoupled_kd", "decoupled_kd_a2_b0_5_t2" };

    public static TheoryData<string> FeatureCases => new() { "attention_p2", "attention_p3", "similarity_p2", "fitnet", "activation_boundaries_m2", "activation_boundaries_m0_5" };

    private static OutputDistillationLoss OutputLoss(string name) => name switch
    {
        "soft_target_t3" => new SoftTargetLoss(3),
        "soft_target_t5" => new SoftTargetLoss(),
        "logits" => new LogitsLoss(),
        "mutual" => new MutualLoss(),
        "decoupled_kd" => new DecoupledKDLoss(),
        "decoupled_kd_a2_b0_5_t2" => new DecoupledKDLoss(temperature: 2, alpha: 2, beta: 0.5),
        _ => throw new ArgumentException(name),
    };

    private static (FeatureDistillationLoss Loss, string Inputs) FeatureLoss(string name) => name switch
    {
        "attention_p2" => (new AttentionLoss(), "features"),
        "attention_p3" => (new AttentionLoss(3), "features"),
        "similarity_p2" => (new SimilarityLoss(), "features"),
        "fitnet" => (new FitNetLoss(), "same"),
        "activation_boundaries_m2" => (new ActivationBoundariesLoss(), "same"),
        "activation_boundaries_m0_5" => (new ActivationBoundariesLoss(0.5), "same"),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(OutputCases))]
    public void OutputLossMatchesPyTorchInValueAndGradient(string name)
    {
        using var scope = NewDisposeScope();
        var student = F("logits.student").clone().requires_grad_(true);
        var value = OutputLoss(name).Forward(student, F("logits.teacher"), F("logits.target"));
        value.backward();
        ReferenceAssert.Close(F($"{name}.value"), value.detach(), 1e-10, 1e-12, $"{name} value");
        ReferenceAssert.Close(F($"{name}.grad"), student.grad!, 1e-9, 1e-12, $"{name} gradient");
    }

    [Theory]
    [MemberData(nameof(FeatureCases))]
    public void FeatureLossMatchesPyTorchInValueAndGradient(string name)
    {
        using var scope = NewDisposeScope();
        var (loss, inputs) = FeatureLoss(name);
        var student = F($"{inputs}.student").clone().requires_grad_(true);
        var value = loss.Forward([student], [F($"{inputs}.teacher")]);
        value.backward();
        ReferenceAssert.Close(F($"{name}.value"), value.detach(), 1e-10, 1e-12, $"{name} value");
        ReferenceAssert.Close(F($"{name}.grad"), student.grad!, 1e-9, 1e-12, $"{name} gradient");
    }

    [Fact]
    public void FeatureLossesSumOverPairs()
    {
        using var scope = NewDisposeScope();
        var (s, t) = (F("features.student"), F("features.teacher"));
        var loss = new AttentionLoss();
        var two = loss.Forward([s, s], [t, t]).item<double>();
        Assert.Equal(2 * F("attention_p2.value").item<double>(), two, 12);
    }
}
