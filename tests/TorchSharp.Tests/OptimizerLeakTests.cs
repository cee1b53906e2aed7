using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

/// <summary>Tests that read the process-wide live-tensor count run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(LiveTensorCountCollection), DisableParallelization = true)]
public class LiveTensorCountCollection { }

[Collection(nameof(LiveTensorCountCollection))]
public class OptimizerLeakTests
{
    [Fact]
    public void TwoHundredStepsLeaveNoTensorBehind()
    {
        using var a = new Parameter(ones(new long[] { 8, 4 }));
        using var b = new Parameter(ones(new long[] { 4 }));
        using var sgd = optim.SGD(new[] { a, b }, 0.01, momentum: 0.9, weight_decay: 1e-4, nesterov: true);
        using var adam = optim.Adam(new[] { a, b }, amsgrad: true, weight_decay: 0.1, maximize: true);
        using var adamw = optim.AdamW(new[] { a, b }, weight_decay: 0.01);
        using (var ga = ones(new long[] { 8, 4 })) a.grad = ga;
        using (var gb = ones(new long[] { 4 })) b.grad = gb;
        foreach (var opt in new optim.Optimizer[] { sgd, adam, adamw }) { opt.step(); opt.step(); }
        GC.Collect(); // finalize other tests' garbage now, not while counting
        GC.WaitForPendingFinalizers();
        var before = Tensor.TotalCount;
        for (var i = 0; i < 200; i++)
        {
            sgd.step();
            adam.step();
            adamw.step();
            sgd.zero_grad();
        }
        Assert.Equal(before, Tensor.TotalCount);
    }
}
