using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>batch_norm against PyTorch 1.13: in training mode the output and the gradients of the first
/// call, the running mean/variance after 1 and after 3 calls and num_batches_tracked; in eval mode the
/// output and gradients with given running statistics, which must stay unchanged. Module (BatchNorm1d/2d
/// with the fixture's weight and bias) and functional forms. Tolerances as for the other layers with
/// reductions: float32 rtol 1e-4, atol 1e-5; float64 rtol 1e-10, atol 1e-12; num_batches_tracked exact.</summary>
public class BatchNormParityTests
{
    public static TheoryData<string> TrainCases => new() { "batch_norm2d_train", "batch_norm2d_train_f64", "batch_norm1d_train" };

    public static TheoryData<string> EvalCases => new() { "batch_norm2d_eval", "batch_norm1d_eval" };

    private static nn.Module<Tensor, Tensor> MakeModule(ReferenceCase c)
    {
        var input = c["input"];
        var features = input.shape[1];
        var eps = c["eps"].item<double>();
        var momentum = c["momentum"].item<double>();
        return input.dim() == 4
            ? nn.BatchNorm2d(features, eps, momentum, dtype: input.dtype)
            : nn.BatchNorm1d(features, eps, momentum, dtype: input.dtype);
    }

    [Theory]
    [MemberData(nameof(TrainCases))]
    public void TrainingModuleMatchesOutputGradsAndRunningStatisticsAfterOneAndThreeCalls(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = LayerParityTests.Tolerance(c, LayerParityTests.F32Layer);
        using var module = MakeModule(c);
        var bn = (Modules.BatchNorm)module;
        // PyTorch's fresh buffers: running_mean 0, running_var 1.
        c.AssertClose("running_mean_initial", bn.running_mean!, 0, 0);
        c.AssertClose("running_var_initial", bn.running_var!, 0, 0);
        module.train();
        LayerCheck.Module(c, module, rtol, atol);
        c.AssertClose("running_mean_after_1", bn.running_mean!, rtol, atol);
        c.AssertClose("running_var_after_1", bn.running_var!, rtol, atol);
        using (no_grad())
        using (NewDisposeScope())
        {
            module.call(c["input_2"]);
            module.call(c["input_3"]);
        }
        c.AssertClose("running_mean_after_3", bn.running_mean!, rtol, atol);
        c.AssertClose("running_var_after_3", bn.running_var!, rtol, atol);
        c.AssertClose("num_batches_tracked_after_3", bn.num_batches_tracked!, 0, 0);
    }

    [Theory]
    [MemberData(nameof(TrainCases))]
    public void TrainingFunctionalMatchesOutputGradsAndUpdatesTheGivenRunningStatistics(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = LayerParityTests.Tolerance(c, LayerParityTests.F32Layer);
        using var runningMean = c["running_mean_initial"].clone();
        using var runningVar = c["running_var_initial"].clone();
        var momentum = c["momentum"].item<double>();
        var eps = c["eps"].item<double>();
        LayerCheck.Functional(c, (x, w, b) => nn.functional.batch_norm(x, runningMean, runningVar, w, b, training: true, momentum, eps), rtol, atol);
        c.AssertClose("running_mean_after_1", runningMean, rtol, atol);
        c.AssertClose("running_var_after_1", runningVar, rtol, atol);
    }

    [Theory]
    [MemberData(nameof(EvalCases))]
    public void EvalModeUsesTheRunningStatisticsAndLeavesThemUnchanged(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = LayerParityTests.Tolerance(c, LayerParityTests.F32Layer);
        var momentum = c["momentum"].item<double>();
        var eps = c["eps"].item<double>();

        using (var runningMean = c["running_mean_initial"].clone())
        using (var runningVar = c["running_var_initial"].clone())
        {
            LayerCheck.Functional(c, (x, w, b) => nn.functional.batch_norm(x, runningMean, runningVar, w, b, training: false, momentum, eps), rtol, atol);
            c.AssertClose("running_mean_initial", runningMean, 0, 0);
            c.AssertClose("running_var_initial", runningVar, 0, 0);
        }

        using var module = MakeModule(c);
        var bn = (Modules.BatchNorm)module;
        var buffers = new Dictionary<string, Tensor> { ["running_mean"] = c["running_mean_initial"], ["running_var"] = c["running_var_initial"] };
        var (_, unexpected) = module.load_state_dict(buffers, strict: false);
        Assert.Empty(unexpected);
        module.eval();
        LayerCheck.Module(c, module, rtol, atol);
        c.AssertClose("running_mean_initial", bn.running_mean!, 0, 0);
        c.AssertClose("running_var_initial", bn.running_var!, 0, 0);
        Assert.Equal(0L, bn.num_batches_tracked!.item<long>());
    }
}
