using FasterSharp.Decompose;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial00ExerciseTests
{
    [Fact]
    public void TheLargestSavingRankIsWhatTheDecomposerCallsSavingAndOneMoreIsNot()
    {
        static bool Saves(int k)
        {
            using var model = nn.Sequential(("fc", nn.Linear(288, 256)));
            return LinearDecomposer.Decompose(model, RankSelection.Rank(k)).Layers[0].Saves;
        }

        Assert.True(Saves(135));
        Assert.False(Saves(136));
        Assert.True(Exercise.Check("00.1", 135).IsRight);
        Assert.True(Exercise.Check("00.1", 135.0).IsRight);
    }

    [Theory]
    [InlineData(136.0)]      // the break-even rounded up: saves nothing
    [InlineData(135.53)]     // the bound itself, not a rank
    [InlineData(128.0)]      // half of the 256 singular values: saves, but is not the largest
    [InlineData(64.0)]       // three quarters removed, as the walkthrough does
    public void TypicalWrongRanksAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("00.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("135", verdict.Explanation);
    }

    [Theory]
    [InlineData("prune")]
    [InlineData(" Prune ")]
    public void PruningIsTheFirstStepThatLowersTheMacs(string answer) => Assert.True(Exercise.Check("00.2", answer).IsRight);

    [Theory]
    [InlineData("distil")]
    [InlineData("sparsify")]
    [InlineData("fold")]
    [InlineData("quantize")]
    public void OtherStepsAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("00.2", answer);
        Assert.False(verdict.IsRight);
        if (answer != "quantize") Assert.DoesNotContain("prune", verdict.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheKlFactorIsTheWeightTimesTheTemperatureSquared()
    {
        // The loss itself says so: SoftTargetLoss(T) / KL = T², checked on random logits.
        using var student = randn(8, 10);
        using var teacher = randn(8, 10);
        var loss = new FasterSharp.Distill.SoftTargetLoss(temperature: 4);
        using var kd = loss.Forward(student, teacher, null);
        using var p = nn.functional.softmax(teacher / 4, 1);
        using var kl = (p * (p.log() - nn.functional.log_softmax(student / 4, 1))).sum() / 8;   // KL, averaged over the batch
        Assert.Equal(16.0, kd.item<float>() / kl.item<float>(), 3);
        Assert.True(Exercise.Check("00.3", 8).IsRight);
        Assert.True(Exercise.Check("00.3", 8.0f).IsRight);
    }

    [Theory]
    [InlineData(16.0)]   // T² only
    [InlineData(0.5)]    // w only
    [InlineData(2.0)]    // w·T
    [InlineData(4.0)]    // T only
    public void TypicalWrongFactorsAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("00.3", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("8", verdict.Explanation);
    }
}
