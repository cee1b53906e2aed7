using FasterSharp.Runtime;

namespace FasterSharp.Tests.Stack;

/// <summary>The child check runs for real: the launcher next to FasterSharp.dll starts, loads this build's FasterSharp
/// and LibTorch, and gives a verdict that agrees with the same cases run in this process where this process runs
/// oneDNN uncapped.</summary>
public class ConvolutionProbeTests
{
    [Fact]
    public void TheChildProcessGivesAVerdictAndAgreesWithThisProcessWhenItIsUncapped()
    {
        var outcome = ConvolutionProbe.RunChildProcess(out var reason);
        Assert.True(outcome is not null, reason);
        Assert.Equal(outcome.MaxRelativeError <= ConvolutionSafety.Tolerance, outcome.Exact);
        Assert.Contains("→", outcome.WorstCase);
        var finding = ConvolutionGuard.Finding!;
        if (finding.Isa is null && finding.OneDnnEnabled == true)
        {
            var here = ConvolutionProbe.Measure();
            Assert.Equal(outcome.Exact, here.Exact);
        }
    }

    [Fact]
    public void TheMachineKeyNamesTheCpuAndLibTorch()
    {
        var key = ConvolutionVerdictCache.MachineKey();
        Assert.NotNull(key);
        Assert.Contains("family", key);
        Assert.Contains("libtorch_cpu", key);
        Assert.Contains($"check v{ConvolutionProbe.Version}", key);
    }
}
