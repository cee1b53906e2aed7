using System.Runtime.InteropServices;
using FasterSharp.Runtime;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>The oneDNN guard (applied for this whole assembly by its module initializer): float32 convolutions
/// whose input channel counts are above 16 and not multiples of 16 — the seed-004 network's 20, 50, 100 and the odd
/// counts pruning leaves — agree with the float64 path (LibTorch's own kernels, not oneDNN) to float rounding.
/// Without the guard, on the affected CPUs (the development machine is one), these differ by 0.5–2.</summary>
public class ConvolutionSafetyTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 17, 8, 3 }, { 20, 50, 5 }, { 50, 100, 5 }, { 100, 30, 3 }, { 37, 64, 1 }, { 16, 16, 3 }, { 3, 20, 5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32ConvolutionMatchesFloat64(int inChannels, int outChannels, int kernel) =>
        AssertConvolutionMatchesFloat64(inChannels, outChannels, kernel);

    /// <summary>LibTorch's own kernels, which <see cref="ConvolutionSafety.Ensure"/> falls back on when the cap came too
    /// late: exact for the same shapes on every CPU.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32ConvolutionMatchesFloat64WithOneDnnOff(int inChannels, int outChannels, int kernel)
    {
        var before = OneDnn.Enabled;
        try
        {
            OneDnn.Enabled = false;
            AssertConvolutionMatchesFloat64(inChannels, outChannels, kernel);
        }
        finally
        {
            OneDnn.Enabled = before;
        }
    }

    private static void AssertConvolutionMatchesFloat64(int inChannels, int outChannels, int kernel)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(inChannels * 1000 + outChannels));
        var input = randn(new long[] { 8, inChannels, 14, 14 }, generator: generator);
        var weight = randn(new long[] { outChannels, inChannels, kernel, kernel }, generator: generator) * 0.1;
        var bias = randn(new long[] { outChannels }, generator: generator);
        var single = nn.functional.conv2d(input, weight, bias, padding: [1, 1]);
        var exact = nn.functional.conv2d(input.to(float64), weight.to(float64), bias.to(float64), padding: [1, 1]);
        var difference = (single.to(float64) - exact).abs().max().item<double>();
        Assert.True(difference <= 1e-4, $"float32 conv {inChannels}→{outChannels} ({kernel}×{kernel}) differs by {difference:g3}");
    }

    [Fact]
    public void EnsureAgainFindsTheConvolutionExactAndChangesNothing()
    {
        var before = OneDnn.Enabled;
        var check = ConvolutionSafety.Ensure();
        Assert.True(check.IsExact, check.ToString());
        Assert.Null(check.OneDnnError);
        Assert.Equal(before, OneDnn.Enabled);
        Assert.Equal(before, check.OneDnnEnabled);
        Assert.StartsWith("float32 convolution check: max |float32 − float64| = ", check.ToString());
        Assert.True(check.MaxAbsDifference < 1e-5, check.ToString());
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Equal(Environment.GetEnvironmentVariable(ConvolutionSafety.IsaVariable), check.Isa);
        Assert.Contains(before ? $"({ConvolutionSafety.IsaVariable}={check.Isa ?? "unset"}); oneDNN guard: " : "(oneDNN off); oneDNN guard: ", check.ToString());
        Assert.Equal(GuardFinding.Decision, check.Decision);   // decided once per process
    }

    [Fact]
    public void EnsureWithOneDnnOnTurnsItOffExactlyWhereItIsWrong()
    {
        try
        {
            OneDnn.Enabled = true;
            var check = ConvolutionSafety.Ensure();
            Assert.True(check.IsExact, check.ToString());
            Assert.Equal(GuardFinding.OneDnnError is null, check.OneDnnError is null);
            Assert.Equal(check.OneDnnError is null, OneDnn.Enabled);
            Assert.Equal(OneDnn.Enabled, check.OneDnnEnabled);
        }
        finally
        {
            OneDnn.Enabled = GuardFinding.OneDnnEnabled ?? true;
        }
    }

    [Fact]
    public void TheFirstEnsureTurnsOneDnnOffExactlyWhenOneDnnWasWrong()
    {
        Assert.True(GuardFinding.IsExact, GuardFinding.ToString());
        if (GuardFinding.OneDnnError is double faulty)
        {
            Assert.True(faulty > ConvolutionSafety.Tolerance, GuardFinding.ToString());
            Assert.Equal(false, GuardFinding.OneDnnEnabled);
            Assert.Contains("with LibTorch's oneDNN kernels off (with them on: ", GuardFinding.ToString());
        }
        else
        {
            Assert.Equal(true, GuardFinding.OneDnnEnabled);
        }
    }

    [Fact]
    public void TheOneDnnSwitchReadsBackWhatWasSetAndConvolutionsStayExactEitherWay()
    {
        var before = OneDnn.Enabled;
        try
        {
            OneDnn.Enabled = !before;
            Assert.Equal(!before, OneDnn.Enabled);
            if (GuardFinding.OneDnnError is null || !OneDnn.Enabled)
                Assert.True(ConvolutionSafety.Float32Error() <= ConvolutionSafety.Tolerance);
            OneDnn.Enabled = before;
            Assert.Equal(before, OneDnn.Enabled);
        }
        finally
        {
            OneDnn.Enabled = before;
        }
        Assert.True(ConvolutionSafety.Float32Error() <= ConvolutionSafety.Tolerance);
    }

    private static ConvolutionCheck GuardFinding => ConvolutionGuard.Finding
        ?? throw new InvalidOperationException("the module initializer did not run ConvolutionSafety.Ensure()");

    [Fact]
    public void Float32ErrorLeavesTheGlobalGeneratorAlone()
    {
        manual_seed(7);
        var expected = rand(3).data<float>().ToArray();
        manual_seed(7);
        ConvolutionSafety.Float32Error();
        Assert.Equal(expected, rand(3).data<float>().ToArray());
    }
}
