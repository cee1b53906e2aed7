using FasterSharp.Decompose;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial06ExerciseTests
{
    private static (long Before, long After, bool Saves) Factorize(int inFeatures, int outFeatures, int k)
    {
        using var model = nn.Sequential(("fc", nn.Linear(inFeatures, outFeatures)));
        var before = model.parameters().Sum(p => p.numel());
        var result = LinearDecomposer.Decompose(model, RankSelection.Rank(k));
        return (before, model.parameters().Sum(p => p.numel()), result.Layers[0].Saves);
    }

    [Fact]
    public void TheFactorizedParametersAreWhatTheDecomposerLeaves()
    {
        var (_, after, _) = Factorize(1152, 512, 128);
        Assert.True(Exercise.Check("06.1", after).IsRight);
    }

    [Theory]
    [InlineData(212_992)]   // biases forgotten
    [InlineData(213_632)]   // a bias on both factors
    [InlineData(590_336)]   // the original layer
    public void TypicalWrongCountsAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("06.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("213504", verdict.Explanation.Replace(",", ""));
    }

    [Fact]
    public void TheLargestSavingRankSavesAndOneMoreDoesNot()
    {
        Assert.True(Factorize(512, 256, 170).Saves);
        Assert.False(Factorize(512, 256, 171).Saves);
        Assert.True(Exercise.Check("06.2", 170).IsRight);
    }

    [Theory]
    [InlineData(171.0)]
    [InlineData(170.67)]
    [InlineData(128.0)]
    public void TypicalWrongRanksAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("06.2", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("170", verdict.Explanation);
    }

    [Theory]
    [InlineData("convolutions")]
    [InlineData(" Convolutions")]
    public void TheConvolutionsHoldTheMacs(string answer) => Assert.True(Exercise.Check("06.3", answer).IsRight);

    [Theory]
    [InlineData("batch")]
    [InlineData("bias")]
    [InlineData("cache")]
    public void OtherReasonsAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("06.3", answer);
        Assert.False(verdict.IsRight);
        if (answer != "cache") Assert.DoesNotContain("convolutions", verdict.Explanation);
    }
}
