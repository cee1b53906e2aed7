using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial05ExerciseTests
{
    [Fact]
    public void TheFoldedBiasIsWhatTheFolderWrites()
    {
        using var conv = nn.Conv2d(1, 1, 1);
        using var bn = nn.BatchNorm2d(1, eps: 1e-12);
        using (no_grad())
        {
            conv.weight.fill_(0.6);
            conv.bias!.fill_(0.1);
            bn.weight.fill_(3);
            bn.bias!.fill_(-0.2);
            bn.running_mean!.fill_(0.5);
            bn.running_var!.fill_(4);
        }
        using var model = nn.Sequential(("conv", conv), ("bn", bn));
        model.eval();
        BatchNormFolder.Fold(model, randn(1, 1, 4, 4));
        var folded = conv.bias!.item<float>();

        Assert.True(Exercise.Check("05.1", (double)folded).IsRight);
        Assert.True(Exercise.Check("05.1", -0.8).IsRight);
    }

    [Theory]
    [InlineData(-0.6)]    // β forgotten
    [InlineData(-0.05)]   // μ forgotten
    [InlineData(-0.5)]    // divided by the variance
    [InlineData(0.8)]     // sign
    public void TypicalWrongBiasesAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("05.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("-0.8", verdict.Explanation);
        Assert.DoesNotContain("−0.8", verdict.Explanation);
    }

    [Fact]
    public void TheRemovedParametersAreWhatFoldingTheTutorialsNetRemoves()
    {
        using var model = SmallCnns.VggStyle();
        model.eval();
        var before = model.parameters().Sum(p => p.numel());
        BatchNormFolder.Fold(model, randn(1, 1, 28, 28));
        var removed = before - model.parameters().Sum(p => p.numel());

        Assert.True(Exercise.Check("05.2", removed).IsRight);
    }

    [Theory]
    [InlineData(1280)]   // running statistics counted as parameters
    [InlineData(320)]    // one per channel
    [InlineData(10)]     // two per layer
    public void TypicalWrongCountsAreNotYetAndDoNotGiveTheAnswer(int wrong)
    {
        var verdict = Exercise.Check("05.2", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("640", verdict.Explanation);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("NO")]
    public void PaddingPreventsAnExactForwardFold(string answer) => Assert.True(Exercise.Check("05.3", answer).IsRight);

    [Theory]
    [InlineData("yes")]
    [InlineData("maybe")]
    public void OtherAnswersAreNotYet(string answer) => Assert.False(Exercise.Check("05.3", answer).IsRight);
}
