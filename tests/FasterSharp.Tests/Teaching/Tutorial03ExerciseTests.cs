using FasterSharp.Teaching;
using Xunit;

namespace FasterSharp.Tests.Teaching;

public class Tutorial03ExerciseTests
{
    [Fact]
    public void SoftenedTopProbabilityIsRightWithinTolerance()
    {
        var expected = Math.Exp(0.5) / (Math.Exp(0.5) + Math.Exp(0.25) + 1);
        Assert.True(Exercise.Check("03.1", expected).IsRight);
        Assert.True(Exercise.Check("03.1", 0.42).IsRight);
        Assert.True(Exercise.Check("03.1", 0.419f).IsRight);
    }

    [Theory]
    [InlineData(0.665)]   // the softmax at T = 1
    [InlineData(0.333)]   // uniform
    [InlineData(0.5)]     // exp(0.5) alone, or the logit / T
    public void TypicalWrongProbabilitiesAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("03.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("0.419", verdict.Explanation);
        Assert.DoesNotContain("0.42", verdict.Explanation);
    }

    [Fact]
    public void TextInsteadOfANumberIsNotYet() =>
        Assert.False(Exercise.Check("03.1", "0.42").IsRight);

    [Theory]
    [InlineData("activation boundaries")]
    [InlineData("Activation Boundaries")]
    [InlineData("activationboundaries")]
    public void ActivationBoundariesIsTheLossThatNeedsEqualShapes(string answer) =>
        Assert.True(Exercise.Check("03.2", answer).IsRight);

    [Theory]
    [InlineData("attention")]
    [InlineData("fitnet")]
    [InlineData("similarity")]
    [InlineData("soft targets")]
    public void OtherLossesAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("03.2", answer);
        Assert.False(verdict.IsRight);
        if (answer != "soft targets") Assert.DoesNotContain("activation boundaries", verdict.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AGainWithinItsSpreadDoesNotHold()
    {
        Assert.True(Exercise.Check("03.3", "not hold").IsRight);
        var verdict = Exercise.Check("03.3", "hold");
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("not hold", verdict.Explanation);
        Assert.False(Exercise.Check("03.3", 0.3).IsRight);
    }

    [Fact]
    public void TheRuleOfExercise3IsTheArithmeticItDescribes()
    {
        double[] gains = [0.4, -0.1, 0.6];
        var mean = gains.Average();
        var sd = Math.Sqrt(gains.Sum(g => (g - mean) * (g - mean)) / (gains.Length - 1));
        Assert.True(mean < sd);   // so "not hold" is the right verdict
    }
}
