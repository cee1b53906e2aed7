using FasterSharp.Sparse;
using FasterSharp.Teaching;

namespace FasterSharp.Tests.Teaching;

public sealed class Tutorial02ExerciseTests
{
    [Fact]
    public void RightAnswersAreRight()
    {
        Assert.True(Exercise.Check("02.1", 78.75).IsRight);
        Assert.True(Exercise.Check("02.2", 0.75).IsRight);
        Assert.True(Exercise.Check("02.2", 3m / 4).IsRight);
        Assert.True(Exercise.Check("02.3", 2.13).IsRight);
    }

    [Fact]
    public void TheAnswersAreWhatTheSchedulesGive()
    {
        Assert.True(Exercise.Check("02.1", Schedule.Agp.Progress(0.6) * 90).IsRight);

        // Just before the last step and at the end: the sparsity in percent, then the share of the present weights removed.
        var before = 90 * Schedule.Iterative.Progress(0.7);
        var after = 90 * Schedule.Iterative.Progress(1.0);
        Assert.True(Exercise.Check("02.2", (after - before) / (100 - before)).IsRight);

        var atTarget = Schedule.Iterative.Sample(100_001).First(p => p.Value >= 1).TrainingFraction;
        Assert.True(Exercise.Check("02.3", (1 - atTarget) * 8).IsRight);
    }

    [Theory]
    [InlineData(84.24, "window starts at 0.2")]  // progress 0.6 used as the window position
    [InlineData(0.7875, "percent")]
    [InlineData(70.0, "too low")]
    [InlineData(85.0, "too high")]
    public void WrongAgpValuesAreNotYetWithoutTheAnswer(double answer, string reason)
    {
        var verdict = Exercise.Check("02.1", answer);
        Assert.False(verdict.IsRight);
        Assert.Contains(reason, verdict.Explanation);
        Assert.DoesNotContain("78.75", verdict.Explanation);
    }

    [Theory]
    [InlineData(0.3, "share of all the weights")]
    [InlineData(1.0 / 3, "share of all the weights")]
    [InlineData(75.0, "not a percentage")]
    [InlineData(0.5, "too low")]
    public void WrongShareValuesAreNotYetWithoutTheAnswer(double answer, string reason)
    {
        var verdict = Exercise.Check("02.2", answer);
        Assert.False(verdict.IsRight);
        Assert.Contains(reason, verdict.Explanation);
        Assert.DoesNotContain("0.75", verdict.Explanation);
        Assert.DoesNotContain("three quarters", verdict.Explanation);
    }

    [Theory]
    [InlineData(6.4, "first step")]
    [InlineData(8.0 / 3, "last third of the whole fit")]
    [InlineData(4.0, "one_shot")]
    [InlineData(1.0, "too low")]
    public void WrongEpochCountsAreNotYetWithoutTheAnswer(double answer, string reason)
    {
        var verdict = Exercise.Check("02.3", answer);
        Assert.False(verdict.IsRight);
        Assert.Contains(reason, verdict.Explanation);
        Assert.DoesNotContain("2.13", verdict.Explanation);
    }

    [Fact]
    public void AnswersOfTheWrongTypeAreNotYet()
    {
        Assert.False(Exercise.Check("02.1", "78").IsRight);
        Assert.False(Exercise.Check("02.2", "three quarters").IsRight);
        Assert.False(Exercise.Check("02.3", double.PositiveInfinity).IsRight);
    }
}
