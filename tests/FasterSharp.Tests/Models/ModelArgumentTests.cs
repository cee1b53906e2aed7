using FasterSharp.Models;

namespace FasterSharp.Tests.Models;

/// <summary>Names and sizes are checked before they reach LibTorch, where a null name aborts the process.</summary>
public class ModelArgumentTests
{
    [Fact]
    public void NullModelNamesAreArgumentNullExceptionsNotAnAbortedProcess()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new Vgg(null!, Vgg.Config11, batchNorm: false, numClasses: 10)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new ResNet(null!, [2, 2, 2, 2], numClasses: 10)).ParamName);
        Assert.Contains("NUL", Assert.Throws<ArgumentException>(() => new ResNet("res\0net", [1, 1, 1, 1], numClasses: 10)).Message);
    }

    [Fact]
    public void ClassAndChannelCountsAreBoundedBeforeAnyAllocation()
    {
        Assert.Equal("numClasses", Assert.Throws<ArgumentOutOfRangeException>(() => SmallCnns.BenchmarkCnn(numClasses: int.MaxValue)).ParamName);
        Assert.Equal("inChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet("r", [1, 1, 1, 1], inChannels: int.MaxValue)).ParamName);
        Assert.Contains("[0, 65,536]", Assert.Throws<ArgumentException>(() => new Vgg("v", [64, int.MaxValue], batchNorm: false)).Message);
        using var largest = SmallCnns.BenchmarkCnn(numClasses: 100_000);
        Assert.Equal(100_000, largest.parameters().Last().shape[0]);
    }
}
