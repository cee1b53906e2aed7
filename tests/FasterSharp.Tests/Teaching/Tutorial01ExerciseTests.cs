using FasterSharp.Models;
using FasterSharp.Sparse;
using FasterSharp.Teaching;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public sealed class Tutorial01ExerciseTests
{
    private static long BenchmarkCnnWeights()
    {
        using var model = SmallCnns.BenchmarkCnn();
        return model.modules().Sum(m => m switch
        {
            TorchSharp.Modules.Conv2d c => c.weight!.numel(),
            TorchSharp.Modules.Linear l => l.weight!.numel(),
            _ => 0L,
        });
    }

    [Fact]
    public void RightAnswersAreRight()
    {
        Assert.True(Exercise.Check("01.1", "random reinit").IsRight);
        Assert.True(Exercise.Check("01.1", " Random Reinit ").IsRight);
        Assert.True(Exercise.Check("01.2", 2).IsRight);
        Assert.True(Exercise.Check("01.2", 1.95).IsRight);
        Assert.True(Exercise.Check("01.3", 77_984).IsRight);
        Assert.True(Exercise.Check("01.3", 77_984L).IsRight);
    }

    [Fact]
    public void The01_2AnswerIsWhatTheScheduleGives()
    {
        // The last of the three steps: the first training progress at which the schedule reaches its end value.
        var schedule = Schedule.IterativeSteps(3, startPct: 0.25);
        var lastStep = schedule.Sample(100_001).First(p => p.Value >= 1).TrainingFraction;
        Assert.True(Exercise.Check("01.2", (1 - lastStep) * 8).IsRight);
    }

    [Fact]
    public void The01_3AnswerIsWhatTheSparsifierKeeps()
    {
        var weights = BenchmarkCnnWeights();
        Assert.Equal(Tutorial01.BenchmarkCnnWeights, weights);
        using var model = SmallCnns.BenchmarkCnn();
        using (var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Global, Criteria.LargeFinal, LayerTypes.Conv2dAndLinear))
            sparsifier.SparsifyModel(80);
        var report = SparsityReport.Of(model, LayerTypes.Conv2dAndLinear);
        var kept = report.Overall.Parameters - report.Overall.Zeros;
        Assert.True(Exercise.Check("01.3", kept).IsRight);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("random mask")]
    [InlineData("longer training")]
    public void WrongChoicesAreNotYetWithoutTheAnswer(string answer)
    {
        var verdict = Exercise.Check("01.1", answer);
        Assert.False(verdict.IsRight);
        Assert.StartsWith($"Exercise 01.1: {ExerciseVerdict.NotYetMark}", verdict.ToString());
        Assert.DoesNotContain("random reinit", verdict.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(8.0, "whole fit")]
    [InlineData(6.0, "when the last reset happens")]
    [InlineData(1.0, "too low")]
    [InlineData(4.0, "too high")]
    public void WrongBudgetsAreNotYetWithAReason(double answer, string reason)
    {
        var verdict = Exercise.Check("01.2", answer);
        Assert.False(verdict.IsRight);
        Assert.Contains(reason, verdict.Explanation);
        Assert.DoesNotContain("2 epochs", verdict.Explanation);
        Assert.DoesNotContain("two epochs", verdict.Explanation);
    }

    [Theory]
    [InlineData(311_936L, "pruned")]          // the pruned count
    [InlineData(389_920L, "every weight")]    // all of them
    [InlineData(18_490L, "convolutions only")] // 20% of the convolutions alone
    [InlineData(77_983L, "too low")]
    [InlineData(78_000L, "too high")]
    public void WrongCountsAreNotYetWithoutTheAnswer(long answer, string reason)
    {
        var verdict = Exercise.Check("01.3", answer);
        Assert.False(verdict.IsRight);
        Assert.Contains(reason, verdict.Explanation);
        Assert.DoesNotContain("77984", verdict.Explanation.Replace(",", "").Replace(" ", ""));
    }

    [Fact]
    public void AnUnknownOptionIsNotYetAndListsTheOptions()
    {
        var verdict = Exercise.Check("01.1", "ticket");
        Assert.False(verdict.IsRight);
        Assert.Contains("not one of the options", verdict.Explanation);
    }

    [Fact]
    public void AnswersOfTheWrongTypeAreNotYet()
    {
        Assert.False(Exercise.Check("01.1", 3).IsRight);
        Assert.False(Exercise.Check("01.2", "two").IsRight);
        Assert.False(Exercise.Check("01.3", double.NaN).IsRight);
    }
}
