using FasterSharp.Models;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Models;

public class ScaledVggStyleTests
{
    private static long Parameters(nn.Module model) => model.parameters().Sum(p => p.numel());

    [Fact]
    public void WidthTwoAndAQuarterHaveTheCountedParameters()
    {
        // Width 2: convs 1→64→64→128→128→256 (3×3, bias) with BatchNorm: 555,456; Linear 2304→1024→512→10: 2,890,250.
        Assert.Equal(555_456 + 2_890_250, Parameters(SmallCnns.ScaledVggStyle(2)));
        // Width 0.25: convs 1→8→8→16→16→32 with BatchNorm: 8,952; Linear 288→128→64→10: 45,898.
        Assert.Equal(8_952 + 45_898, Parameters(SmallCnns.ScaledVggStyle(0.25)));
    }

    [Fact]
    public void WidthOneIsTheVggStyleNet()
    {
        var scaled = SmallCnns.ScaledVggStyle(1).state_dict();
        var plain = SmallCnns.VggStyle().state_dict();
        Assert.Equal(plain.Keys, scaled.Keys);
        Assert.All(plain.Keys, key => Assert.Equal(plain[key].shape, scaled[key].shape));
    }

    [Fact]
    public void OutputsLogitsFor28x28Images()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([3L, 7], SmallCnns.ScaledVggStyle(0.25, numClasses: 7).forward(randn(3, 1, 28, 28)).shape);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(16.5)]
    [InlineData(double.NaN)]
    public void BadWidthsAreRejected(double width) =>
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => SmallCnns.ScaledVggStyle(width)).ParamName);
}
