using FasterSharp.Sparse;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial10ExerciseTests
{
    [Fact]
    public void TwoFourZerosMatchTheSparsifier()
    {
        manual_seed(10);
        var linear = nn.Linear(16, 8);
        using (no_grad()) linear.weight!.abs_().add_(0.01);   // no weight zero to begin with
        using var sparsifier = new Sparsifier(linear, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Linear);
        sparsifier.SparsifySemiStructured(NMPattern.TwoFour);
        var zeros = linear.weight!.eq(0).sum().item<long>();
        Assert.True(Exercise.Check("10.1", zeros).IsRight);
        Assert.True(Exercise.Check("10.1", 64.0).IsRight);
    }

    [Theory]
    [InlineData(32)]    // one zero per group
    [InlineData(96)]    // 1:4 instead of 2:4
    [InlineData(0)]     // "a mask, not zeros"
    [InlineData(128)]   // every weight
    public void TypicalWrongZeroCountsAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("10.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("64", verdict.Explanation);
    }

    [Theory]
    [InlineData("c")]
    [InlineData(" C ")]
    public void TheGroupWithTheLowestDropPerMacIsPrunedFirst(string answer) => Assert.True(Exercise.Check("10.2", answer).IsRight);

    [Fact]
    public void TheLibrarysGreedyAgreesWithTheAnswer()
    {
        // Drop per MAC saved for the question's table: a 3.0/40, b 0.5/10, c 1.0/30.
        var scores = new Dictionary<string, double> { ["a"] = 3.0 / 40, ["b"] = 0.5 / 10, ["c"] = 1.0 / 30 };
        Assert.Equal("c", scores.MinBy(kv => kv.Value).Key);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("d")]
    public void OtherGroupsAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("10.2", answer);
        Assert.False(verdict.IsRight);
        if (answer != "d") Assert.DoesNotContain("\"c\"", verdict.Explanation);
    }

    [Fact]
    public void TheWandaScoreMatchesTheLibrarysWandaCriterion()
    {
        var linear = nn.Linear(2, 1, hasBias: false);
        using (no_grad()) linear.weight!.copy_(tensor(new float[,] { { 0.4f, -2f } }));
        var wanda = Criteria.Wanda(linear, [tensor(new float[,] { { 3f, 0.5f }, { 4f, 0f } })]);
        using var scores = wanda.ElementScores(linear.weight!.detach(), layer: "");
        var score = scores[0, 0].item<float>();
        Assert.True(Exercise.Check("10.3", score).IsRight, $"library score {score}");
        Assert.True(scores[0, 1].item<float>() < score);   // Wanda ranks −2 below 0.4
    }

    [Theory]
    [InlineData(2.8)]    // the sum of the inputs, not their norm
    [InlineData(1.4)]    // the mean
    [InlineData(0.4)]    // magnitude alone
    [InlineData(10.0)]   // the squared norm
    public void TypicalWrongWandaScoresAreNotYetAndDoNotGiveTheAnswer(double wrong)
    {
        var verdict = Exercise.Check("10.3", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("= 2", verdict.Explanation);
        Assert.DoesNotContain("0.4 · 5", verdict.Explanation);
    }
}
