using FasterSharp.Tests.Reference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>batch_norm against PyTorch 1.13 (LTH resets BN statistics, BN folding reads them, filter pruning
/// shrinks them): in training mode the output and gradients of the first call, the running mean/variance
/// after 1 and after 3 calls and num_batches_tracked; in eval mode the output and gradients with given
/// running statistics, which must stay unchanged. float32 rtol 1e-4, atol 1e-5; fresh buffers and
/// num_batches_tracked exact.</summary>
public class BatchNormOracleTests
{
    private const double Rtol = 1e-4;
    private const double Atol = 1e-5;

    public static TheoryData<string> TrainCases => new() { "batch_norm2d_train", "batch_norm1d_train" };

    public static TheoryData<string> EvalCases => new() { "batch_norm2d_eval" };

    private static BatchNorm MakeModule(ReferenceCase c)
    {
        var input = c["input"];
        var eps = c["eps"].item<double>();
        var momentum = c["momentum"].item<double>();
        return input.dim() == 4
            ? nn.BatchNorm2d(input.shape[1], eps, momentum)
            : nn.BatchNorm1d(input.shape[1], eps, momentum);
    }

    [Theory]
    [MemberData(nameof(TrainCases))]
    public void TrainingModeMatchesOutputGradsAndRunningStatisticsAfterOneAndThreeCalls(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        using var bn = MakeModule(c);
        // PyTorch's fresh buffers: running_mean 0, running_var 1.
        c.AssertClose("running_mean_initial", bn.running_mean!, 0, 0);
        c.AssertClose("running_var_initial", bn.running_var!, 0, 0);
        bn.train();
        LayerCheck.Module(c, bn, Rtol, Atol);
        c.AssertClose("running_mean_after_1", bn.running_mean!, Rtol, Atol);
        c.AssertClose("running_var_after_1", bn.running_var!, Rtol, Atol);
        using (no_grad())
        using (NewDisposeScope())
        {
            bn.call(c["input_2"]);
            bn.call(c["input_3"]);
        }
        c.AssertClose("running_mean_after_3", bn.running_mean!, Rtol, Atol);
        c.AssertClose("running_var_after_3", bn.running_var!, Rtol, Atol);
        c.AssertClose("num_batches_tracked_after_3", bn.num_batches_tracked!, 0, 0);
    }

    [Theory]
    [MemberData(nameof(TrainCases))]
    public void TrainingFunctionalUpdatesTheGivenRunningStatistics(string name)
    {
        using var c = PyTorchOracle.Load(name);
        using var runningMean = c["running_mean_initial"].clone();
        using var runningVar = c["running_var_initial"].clone();
        var (momentum, eps) = (c["momentum"].item<double>(), c["eps"].item<double>());
        LayerCheck.Functional(c, (x, w, b) => nn.functional.batch_norm(x, runningMean, runningVar, w, b, training: true, momentum, eps), Rtol, Atol);
        c.AssertClose("running_mean_after_1", runningMean, Rtol, Atol);
        c.AssertClose("running_var_after_1", runningVar, Rtol, Atol);
    }

    [Theory]
    [MemberData(nameof(EvalCases))]
    public void EvalModeUsesTheRunningStatisticsAndLeavesThemUnchanged(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        var (momentum, eps) = (c["momentum"].item<double>(), c["eps"].item<double>());
        using (var runningMean = c["running_mean_initial"].clone())
        using (var runningVar = c["running_var_initial"].clone())
        {
            LayerCheck.Functional(c, (x, w, b) => nn.functional.batch_norm(x, runningMean, runningVar, w, b, training: false, momentum, eps), Rtol, Atol);
            c.AssertClose("running_mean_initial", runningMean, 0, 0);
            c.AssertClose("running_var_initial", runningVar, 0, 0);
        }

        using var bn = MakeModule(c);
        var buffers = new Dictionary<string, Tensor> { ["running_mean"] = c["running_mean_initial"], ["running_var"] = c["running_var_initial"] };
        var (_, unexpected) = bn.load_state_dict(buffers, strict: false);
        Assert.Empty(unexpected);
        bn.eval();
        LayerCheck.Module(c, bn, Rtol, Atol);
        c.AssertClose("running_mean_initial", bn.running_mean!, 0, 0);
        c.AssertClose("running_var_initial", bn.running_var!, 0, 0);
        Assert.Equal(0L, bn.num_batches_tracked!.item<long>());
    }
}
