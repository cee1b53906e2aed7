using FasterSharp.Prune;
using FasterSharp.Sparse;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial09ExerciseTests
{
    [Fact]
    public void HalvedConvolutionMacsMatchAConvolutionOfThatShape()
    {
        using var conv = nn.Conv2d(32, 32, 3, padding: 1);
        using var input = zeros(1, 32, 14, 14);
        using var output = conv.call(input);
        var macs = conv.weight!.numel() * output.shape[2] * output.shape[3];
        Assert.True(Exercise.Check("09.1", macs).IsRight);
        Assert.True(Exercise.Check("09.1", (double)macs).IsRight);
    }

    [Theory]
    [InlineData(64L * 64 * 9 * 196)]   // unpruned
    [InlineData(32L * 64 * 9 * 196)]   // only one side halved
    [InlineData(32L * 32 * 9)]         // output positions forgotten
    [InlineData(32L * 32 * 9 * 49)]    // the 7×7 output of the next stage
    public void TypicalWrongMacCountsAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("09.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("1806336", verdict.Explanation.Replace(",", ""));
    }

    [Fact]
    public void ChannelsLeftMatchWhatAPruneCallbackLeavesAtHalfOfTraining()
    {
        // The PruneCallback's own count: the schedule at half of training, ⌊n·s/100⌋ zeroed.
        var zeroed = Pruner.PrunedCount(128, 50 * Schedule.Agp.Progress(0.5));
        Assert.True(Exercise.Check("09.2", 128 - zeroed).IsRight);
        Assert.True(Exercise.Check("09.2", 80).IsRight);
    }

    [Theory]
    [InlineData(48)]    // the zeroed channels
    [InlineData(72)]    // progress taken as the position in the window
    [InlineData(79)]    // zeroed channels rounded up
    [InlineData(64)]    // the end of the schedule
    [InlineData(96)]    // a linear schedule over the whole fit
    public void TypicalWrongChannelCountsAreNotYetAndDoNotGiveTheAnswer(int wrong)
    {
        var verdict = Exercise.Check("09.2", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("80", verdict.Explanation);
    }

    [Theory]
    [InlineData("shapes")]
    [InlineData(" Shapes ")]
    public void ShapesIsTheReason(string answer) => Assert.True(Exercise.Check("09.3", answer).IsRight);

    [Theory]
    [InlineData("optimizer")]
    [InlineData("batchnorm")]
    [InlineData("schedule")]
    [InlineData("sparsity")]
    public void OtherReasonsAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("09.3", answer);
        Assert.False(verdict.IsRight);
        if (answer != "sparsity") Assert.DoesNotContain("shapes", verdict.Explanation);
    }
}
