using FasterSharp.Distill;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

/// <summary>Autograd gradients of the losses against central finite differences in float64.</summary>
public class DistillationLossGradientTests
{
    private const double Step = 1e-6;

    /// <summary>Compares d loss / d student from autograd with (L(x + h) − L(x − h)) / 2h element by element.</summary>
    private static void AssertGradientMatchesFiniteDifferences(Tensor student, Func<Tensor, Tensor> loss, string what)
    {
        using var scope = NewDisposeScope();
        var x = student.clone().requires_grad_(true);
        loss(x).backward();
        var analytic = x.grad!.contiguous().data<double>().ToArray();
        var values = student.contiguous().data<double>().ToArray();
        var numeric = new double[values.Length];
        using (no_grad())
        {
            for (var i = 0; i < values.Length; i++)
            {
                var plus = (double[])values.Clone();
                var minus = (double[])values.Clone();
                plus[i] += Step;
                minus[i] -= Step;
                var up = loss(tensor(plus, dtype: ScalarType.Float64).reshape(student.shape)).item<double>();
                var down = loss(tensor(minus, dtype: ScalarType.Float64).reshape(student.shape)).item<double>();
                numeric[i] = (up - down) / (2 * Step);
            }
        }
        var scale = Math.Max(1e-3, numeric.Max(Math.Abs));
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 1e-6 * scale,
                $"{what}: element {i}: autograd {analytic[i]:G10}, finite differences {numeric[i]:G10}");
        Assert.True(numeric.Any(v => Math.Abs(v) > 1e-4), $"{what}: the gradient is zero, the check proves nothing");
    }

    [Fact]
    public void SoftTargetGradientMatchesFiniteDifferences()
    {
        manual_seed(11);
        var teacher = randn(4, 6, dtype: ScalarType.Float64) * 2;
        var loss = new SoftTargetLoss(3);
        AssertGradientMatchesFiniteDifferences(randn(4, 6, dtype: ScalarType.Float64) * 2, s => loss.Forward(s, teacher), "SoftTarget");
    }

    [Fact]
    public void DecoupledKDGradientMatchesFiniteDifferences()
    {
        manual_seed(12);
        var teacher = randn(5, 6, dtype: ScalarType.Float64) * 2;
        var target = tensor(new long[] { 0, 5, 2, 2, 3 });
        var loss = new DecoupledKDLoss(temperature: 2, alpha: 1.5, beta: 4);
        AssertGradientMatchesFiniteDifferences(randn(5, 6, dtype: ScalarType.Float64) * 2, s => loss.Forward(s, teacher, target), "DecoupledKD");
    }

    [Fact]
    public void AttentionGradientMatchesFiniteDifferences()
    {
        manual_seed(13);
        var teacher = randn(2, 5, 4, 4, dtype: ScalarType.Float64);
        var loss = new AttentionLoss();
        AssertGradientMatchesFiniteDifferences(randn(2, 3, 4, 4, dtype: ScalarType.Float64), s => loss.Forward([s], [teacher]), "Attention");
    }

    [Fact]
    public void SimilarityGradientMatchesFiniteDifferences()
    {
        manual_seed(14);
        var teacher = randn(4, 6, 3, 3, dtype: ScalarType.Float64);
        var loss = new SimilarityLoss();
        AssertGradientMatchesFiniteDifferences(randn(4, 2, 3, 3, dtype: ScalarType.Float64), s => loss.Forward([s], [teacher]), "Similarity");
    }

    [Fact]
    public void MutualGradientMatchesFiniteDifferences()
    {
        manual_seed(15);
        var teacher = randn(3, 4, dtype: ScalarType.Float64);
        var loss = new MutualLoss();
        AssertGradientMatchesFiniteDifferences(randn(3, 4, dtype: ScalarType.Float64), s => loss.Forward(s, teacher), "Mutual");
    }
}
