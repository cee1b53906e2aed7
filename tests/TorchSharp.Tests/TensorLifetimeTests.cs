using TorchSharp;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class TensorLifetimeTests
{
    [Fact]
    public void DisposeScopeDisposesWhatWasCreatedInsideAndKeepsWhatWasMovedOut()
    {
        using var a = ones(new long[] { 2, 3 });
        Tensor kept;
        Tensor dropped;
        using (NewDisposeScope())
        {
            dropped = a + a;
            kept = (a + a).MoveToOuterDisposeScope();
        }
        Assert.True(dropped.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal(12f, kept.sum().item<float>());
        kept.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kept.shape);
    }

    [Fact]
    public void NativeErrorsBecomeExternalExceptionsWithoutBacktrace()
    {
        using var a = ones(new long[] { 2, 3 });
        using var b = ones(new long[] { 4 });
        var e = Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => a + b);
        Assert.Contains("must match the size", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }
}
