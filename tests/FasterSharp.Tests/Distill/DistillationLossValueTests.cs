using FasterSharp.Distill;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

/// <summary>Each loss on small inputs whose value is worked out by hand (closed forms in the comments), and the
/// zero case of each definition.</summary>
public class DistillationLossValueTests
{
    private static Tensor T(double[,] values) => tensor(values, dtype: ScalarType.Float64);

    private static double Value(Tensor t) => t.item<double>();

    [Fact]
    public void SoftTargetIsTemperatureSquaredTimesBatchMeanKl()
    {
        using var scope = NewDisposeScope();
        // Row 0 at T = 2: p = softmax([0, 0]/2) = [½, ½], q = softmax([0, 2 ln 3]/2) = [¼, ¾];
        // KL(q‖p) = ¼ ln(½) + ¾ ln(3/2). Row 1: identical logits, KL 0. batchmean over 2 rows, times T² = 4.
        var student = T(new double[,] { { 0, 0 }, { 1, -1 } });
        var teacher = T(new double[,] { { 0, 2 * Math.Log(3) }, { 1, -1 } });
        var expected = 4 * (0.25 * Math.Log(0.5) + 0.75 * Math.Log(1.5)) / 2;
        Assert.Equal(expected, Value(new SoftTargetLoss(2).Forward(student, teacher)), 12);
    }

    [Fact]
    public void LogitsIsTheMeanSquaredError()
    {
        using var scope = NewDisposeScope();
        var student = T(new double[,] { { 1, 2 }, { 3, 4 } });
        var teacher = T(new double[,] { { 0, 2 }, { 3, 6 } });
        Assert.Equal((1.0 + 0 + 0 + 4) / 4, Value(new LogitsLoss().Forward(student, teacher)), 12);
    }

    [Fact]
    public void MutualIsKlAtTemperatureOne()
    {
        using var scope = NewDisposeScope();
        // p = [½, ½], q = softmax([0, ln 3]) = [¼, ¾].
        var student = T(new double[,] { { 0, 0 } });
        var teacher = T(new double[,] { { 0, Math.Log(3) } });
        Assert.Equal(0.25 * Math.Log(0.5) + 0.75 * Math.Log(1.5), Value(new MutualLoss().Forward(student, teacher)), 12);
    }

    [Fact]
    public void DecoupledKDNonTargetPartIsBetaTimesKlOverTheOtherClasses()
    {
        using var scope = NewDisposeScope();
        // T = 2, target class 0. p = softmax(0) = [⅓, ⅓, ⅓]; q = softmax([2 ln 2, 2 ln 3, 0]/2) = [2, 3, 1]/6.
        // Target parts: p_y = q_y = ⅓, so TCKD = 0. Non-target: p̂ = [½, ½], q̂ = [¾, ¼]:
        // NCKD = ¾ ln(3/2) + ¼ ln(½). L = (α·0 + β·NCKD)·T² with β = 3.
        var student = T(new double[,] { { 0, 0, 0 } });
        var teacher = T(new double[,] { { 2 * Math.Log(2), 2 * Math.Log(3), 0 } });
        var target = tensor(new long[] { 0 });
        var expected = 3 * (0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5)) * 4;
        Assert.Equal(expected, Value(new DecoupledKDLoss(temperature: 2, alpha: 2, beta: 3).Forward(student, teacher, target)), 12);
    }

    [Fact]
    public void DecoupledKDTargetPartIsAlphaTimesBinaryKl()
    {
        using var scope = NewDisposeScope();
        // T = 1, target class 0. p = [⅓, ⅓, ⅓] → b_p = [⅓, ⅔]; q = softmax([ln 2, 0, 0]) = [½, ¼, ¼] → b_q = [½, ½].
        // TCKD = ½ ln(½ / ⅓) + ½ ln(½ / ⅔). Non-target: p̂ = q̂ = [½, ½], NCKD = 0. L = α·TCKD with α = 2.
        var student = T(new double[,] { { 0, 0, 0 } });
        var teacher = T(new double[,] { { Math.Log(2), 0, 0 } });
        var target = tensor(new long[] { 0 });
        var expected = 2 * (0.5 * Math.Log(1.5) + 0.5 * Math.Log(0.75));
        Assert.Equal(expected, Value(new DecoupledKDLoss(temperature: 1, alpha: 2, beta: 5).Forward(student, teacher, target)), 12);
    }

    [Fact]
    public void AttentionComparesNormalizedChannelMeansOfSquares()
    {
        using var scope = NewDisposeScope();
        // Student [1, 1, 2, 2] with one 1 at (0, 0): A = [1, 0, 0, 0], a = A.
        // Teacher [1, 2, 2, 2]: channel 0 has a 1 at (0, 1), channel 1 is zero: A = [0, ½, 0, 0], a = [0, 1, 0, 0].
        // MSE over 4 positions: (1 + 1) / 4.
        var student = zeros(1, 1, 2, 2, dtype: ScalarType.Float64);
        student[0, 0, 0, 0] = tensor(1.0);
        var teacher = zeros(1, 2, 2, 2, dtype: ScalarType.Float64);
        teacher[0, 0, 0, 1] = tensor(1.0);
        Assert.Equal(0.5, Value(new AttentionLoss().Forward([student], [teacher])), 12);
    }

    [Fact]
    public void SimilarityComparesRowNormalizedGramMatrices()
    {
        using var scope = NewDisposeScope();
        // Student rows [1, 0], [0, 1]: G = I. Teacher rows [1, 0], [1, 0]: G = all ones, rows normalized to 1/√2.
        // MSE over the 4 entries: (2·(1 − 1/√2)² + 2·(1/√2)²) / 4.
        var student = T(new double[,] { { 1, 0 }, { 0, 1 } });
        var teacher = T(new double[,] { { 1, 0 }, { 1, 0 } });
        var r = 1 / Math.Sqrt(2);
        Assert.Equal((2 * (1 - r) * (1 - r) + 2 * r * r) / 4, Value(new SimilarityLoss().Forward([student], [teacher])), 12);
    }

    [Fact]
    public void FitNetIsTheMeanSquaredErrorOfEqualShapes()
    {
        using var scope = NewDisposeScope();
        var student = T(new double[,] { { 1, 2 } });
        var teacher = T(new double[,] { { 3, 2 } });
        Assert.Equal(2.0, Value(new FitNetLoss().Forward([student], [teacher])), 12);
    }

    [Fact]
    public void FitNetAdaptsDifferentWidthsThroughItsLinearAdapter()
    {
        using var scope = NewDisposeScope();
        var loss = new FitNetLoss();
        loss.Prepare([new FeatureLayerPair("s", "t", [2], [3])], CPU, ScalarType.Float64);
        var adapter = Assert.IsType<Linear>(loss.Adapters[0]);
        using (no_grad())
        {
            adapter.weight!.copy_(T(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }));
            adapter.bias!.copy_(tensor(new[] { 0.0, 0.0, 1.0 }));
        }
        // r([1, 2]) = [1, 2, 4]; teacher [1, 0, 0]: MSE = (0 + 4 + 16) / 3.
        var value = loss.Forward([T(new double[,] { { 1, 2 } })], [T(new double[,] { { 1, 0, 0 } })]);
        Assert.Equal(20.0 / 3, Value(value), 12);
        Assert.Equal(3 * 2 + 3, loss.Parameters.Sum(p => p.numel())); // the adapter's weight and bias
    }

    [Fact]
    public void FitNetAdaptsDifferentChannelCountsThroughA1x1Convolution()
    {
        using var scope = NewDisposeScope();
        var loss = new FitNetLoss();
        loss.Prepare([new FeatureLayerPair("s", "t", [2, 3, 3], [5, 3, 3])], CPU, ScalarType.Float64);
        var adapter = Assert.IsType<Conv2d>(loss.Adapters[0]);
        Assert.Equal([5L, 2, 1, 1], adapter.weight!.shape);
        var student = randn(4, 2, 3, 3, dtype: ScalarType.Float64);
        var teacher = randn(4, 5, 3, 3, dtype: ScalarType.Float64);
        var expected = nn.functional.mse_loss(adapter.call(student), teacher);
        Assert.Equal(Value(expected), Value(loss.Forward([student], [teacher])), 12);
        // Prepared again with the same shapes (a second fit): the same adapter keeps training.
        loss.Prepare([new FeatureLayerPair("s", "t", [2, 3, 3], [5, 3, 3])], CPU, ScalarType.Float64);
        Assert.Same(adapter, loss.Adapters[0]);
    }

    [Fact]
    public void ActivationBoundariesPenalizesOnlyTheWrongSideOfTheMargin()
    {
        using var scope = NewDisposeScope();
        // m = 1. (0.5, t>0): 0.5 ≤ 1 → (0.5 − 1)² = 0.25. (−2, t≤0): −2 ≤ −1, beyond the margin → 0.
        // (3, t>0): beyond → 0. (−0.5, t>0): (−0.5 − 1)² = 2.25. (0.5, t≤0): 0.5 > −1 → (0.5 + 1)² = 2.25. Mean over 5.
        var student = T(new double[,] { { 0.5, -2, 3, -0.5, 0.5 } });
        var teacher = T(new double[,] { { 1, -1, 1, 2, 0 } });
        Assert.Equal((0.25 + 2.25 + 2.25) / 5, Value(new ActivationBoundariesLoss(1).Forward([student], [teacher])), 12);
    }

    // ------------------------------------------------------------------ zero cases

    public static TheoryData<string> LossesZeroWhenStudentEqualsTeacher => new()
    {
        "SoftTarget", "Logits", "Mutual", "DecoupledKD", "Attention", "Similarity", "FitNet",
    };

    [Theory]
    [MemberData(nameof(LossesZeroWhenStudentEqualsTeacher))]
    public void StudentEqualToTeacherGivesZero(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var logits = randn(8, 10, dtype: ScalarType.Float64) * 3;
        var features = randn(4, 6, 5, 5, dtype: ScalarType.Float64);
        var target = randint(0, 10, [8]);
        var value = name switch
        {
            "SoftTarget" => new SoftTargetLoss(4).Forward(logits, logits.clone()),
            "Logits" => new LogitsLoss().Forward(logits, logits.clone()),
            "Mutual" => new MutualLoss().Forward(logits, logits.clone()),
            "DecoupledKD" => new DecoupledKDLoss().Forward(logits, logits.clone(), target),
            "Attention" => new AttentionLoss().Forward([features], [features.clone()]),
            "Similarity" => new SimilarityLoss().Forward([features], [features.clone()]),
            "FitNet" => new FitNetLoss().Forward([features], [features.clone()]),
            _ => throw new ArgumentException(name),
        };
        Assert.Equal(0.0, Value(value), 12);
    }

    [Fact]
    public void SoftTargetIgnoresAConstantShiftOfTheLogits()
    {
        using var scope = NewDisposeScope();
        var logits = randn(5, 4, dtype: ScalarType.Float64);
        Assert.Equal(0.0, Value(new SoftTargetLoss(3).Forward(logits + 7.5, logits)), 12);
    }

    [Fact]
    public void ActivationBoundariesIsZeroBeyondTheMarginAndNotForEqualActivations()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var teacher = randn(4, 3, 5, 5, dtype: ScalarType.Float64);
        var m = 2.0;
        var beyond = where(teacher > 0, m + rand_like(teacher), -m - rand_like(teacher));
        var loss = new ActivationBoundariesLoss(m);
        Assert.Equal(0.0, Value(loss.Forward([beyond], [teacher])), 12);
        Assert.True(Value(loss.Forward([teacher.clone()], [teacher])) > 0.1, "equal activations inside the margin are penalized");
    }
}
