using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial04ExerciseTests
{
    [Fact]
    public void PrunedConvolutionParametersMatchAModuleOfThatShape()
    {
        using var conv = nn.Conv2d(40, 70, 5);
        var count = conv.parameters().Sum(p => p.numel());
        Assert.True(Exercise.Check("04.1", count).IsRight);
        Assert.True(Exercise.Check("04.1", (double)count).IsRight);
    }

    [Theory]
    [InlineData(70 * 40 * 25)]        // biases forgotten
    [InlineData(70 * 40 * 25 + 40)]   // one bias per input channel
    [InlineData(70 * 25 + 70)]        // one kernel per filter
    public void TypicalWrongParameterCountsAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("04.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("70070", verdict.Explanation.Replace(",", ""));
    }

    [Fact]
    public void PrunedConv2MacsMatchTheMacCounter()
    {
        using var conv = nn.Conv2d(10, 25, 5);
        using var input = zeros(1, 10, 12, 12);
        using var output = conv.call(input);
        var macs = 10L * 25 * 5 * 5 * output.shape[2] * output.shape[3];
        Assert.Equal(8, output.shape[2]);
        Assert.True(Exercise.Check("04.2", macs).IsRight);
    }

    [Theory]
    [InlineData(20 * 50 * 25 * 64)]   // unpruned
    [InlineData(20 * 25 * 25 * 64)]   // only conv2's filters removed
    [InlineData(10 * 25 * 25)]        // output positions forgotten
    public void TypicalWrongMacCountsAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("04.2", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("400000", verdict.Explanation.Replace(",", ""));
    }

    [Theory]
    [InlineData("fc1")]
    [InlineData(" FC1 ")]
    public void Fc1LosesTheColumns(string answer) => Assert.True(Exercise.Check("04.3", answer).IsRight);

    [Theory]
    [InlineData("conv2")]
    [InlineData("bn3")]
    [InlineData("fc2")]
    [InlineData("conv4")]
    public void OtherModulesAreNotYetAndDoNotNameTheAnswer(string answer)
    {
        var verdict = Exercise.Check("04.3", answer);
        Assert.False(verdict.IsRight);
        if (answer != "conv4") Assert.DoesNotContain("fc1", verdict.Explanation);
    }
}
