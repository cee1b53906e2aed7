using FasterSharp.Quantize;
using FasterSharp.Teaching;
using Xunit;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Teaching;

public class Tutorial07ExerciseTests
{
    private static QuantParams Range() => QuantParams.FromRange(-1f, 3f, QuantScheme.UInt8Affine);

    [Fact]
    public void TheZeroPointIsTheLibrarys()
    {
        var zeroPoint = Range().ZeroPoint;
        Assert.Equal(64, zeroPoint);
        Assert.True(Exercise.Check("07.1", zeroPoint).IsRight);
    }

    [Theory]
    [InlineData(0)]     // symmetric int8
    [InlineData(63)]    // truncated
    [InlineData(128)]   // middle of the range
    [InlineData(65)]
    public void TypicalWrongZeroPointsAreNotYetAndDoNotGiveTheAnswer(int wrong)
    {
        var verdict = Exercise.Check("07.1", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("64", verdict.Explanation);
    }

    [Fact]
    public void TheCodeIsWhatTheLibraryStores()
    {
        using var q = Range().Quantize(tensor(new[] { 0.5f }));
        var code = q.int_repr().to_type(ScalarType.Int32).item<int>();
        Assert.Equal(96, code);
        Assert.True(Exercise.Check("07.2", code).IsRight);
    }

    [Theory]
    [InlineData(32)]   // zero point forgotten
    [InlineData(95)]   // truncated
    [InlineData(64)]   // the zero point itself
    public void TypicalWrongCodesAreNotYetAndDoNotGiveTheAnswer(int wrong)
    {
        var verdict = Exercise.Check("07.2", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("96", verdict.Explanation);
    }

    [Fact]
    public void TheBytesAreTheWeightsAndTheirScales()
    {
        using var layer = nn.Linear(1152, 512);
        var weight = ChannelQuantParams.FromTensor(layer.weight!, 0, QuantScheme.Int8Symmetric);
        var bytes = layer.weight!.numel() * 1 + weight.Scales.Count * sizeof(float);
        Assert.True(Exercise.Check("07.3", bytes).IsRight);
    }

    [Theory]
    [InlineData(589_824L)]     // weights only
    [InlineData(2_359_296L)]   // float32
    [InlineData(590_336L)]     // one-byte scales
    [InlineData(591_873L)]
    public void TypicalWrongSizesAreNotYetAndDoNotGiveTheAnswer(long wrong)
    {
        var verdict = Exercise.Check("07.3", wrong);
        Assert.False(verdict.IsRight);
        Assert.DoesNotContain("591872", verdict.Explanation.Replace(",", ""));
    }

    [Fact]
    public void ANonNumberIsNotYet() => Assert.False(Exercise.Check("07.1", "sixty").IsRight);
}
