using FasterSharp.Decompose;
using FasterSharp.Export;
using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Prune;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>Exported models pass Debian's onnx.checker (full check) and ONNX Runtime computes what TorchSharp
/// computes (fp32, within 1e-4), at batch sizes other than the exported one.</summary>
public class OnnxExportParityTests
{
    [Fact]
    public void ResNet18_matches_TorchSharp()
    {
        manual_seed(1);
        using var model = Vision.ResNet18(numClasses: 10);
        Randomize(model);
        var result = OnnxFiles.AssertParity(model, [3, 64, 64], "resnet18.onnx");
        Assert.Contains("Add", result.Operators);
        Assert.Contains("GlobalAveragePool", result.Operators);
    }

    [Fact]
    public void Residual_net_with_downsample_shortcuts_matches_TorchSharp()
    {
        manual_seed(2);
        using var model = SmallCnns.ResidualNet();
        Randomize(model);
        OnnxFiles.AssertParity(model, [1, 28, 28], "residual.onnx");
    }

    [Fact]
    public void Vgg_style_net_matches_TorchSharp()
    {
        manual_seed(3);
        using var model = SmallCnns.VggStyle();
        Randomize(model);
        var result = OnnxFiles.AssertParity(model, [1, 28, 28], "vgg-style.onnx");
        Assert.Equal(["Conv", "BatchNormalization", "Relu", "MaxPool", "Reshape", "Gemm", "Identity"], result.Operators);
    }

    [Fact]
    public void Seed_004_pruning_net_matches_TorchSharp()
    {
        manual_seed(4);
        using var model = SmallCnns.PruningNet();
        Randomize(model);
        OnnxFiles.AssertParity(model, [1, 28, 28], "seed-004.onnx");
    }

    [Fact]
    public void Pruned_folded_and_decomposed_student_matches_TorchSharp()
    {
        manual_seed(5);
        using var model = SmallCnns.VggStyle();
        Randomize(model);
        using var sample = randn(2, 1, 28, 28);
        model.eval();
        Pruner.PruneFilters(model, sample, 40);
        BatchNormFolder.Fold(model, sample);
        LinearDecomposer.Decompose(model, RankSelection.PercentRemoved(0.5));
        var result = OnnxFiles.AssertParity(model, [1, 28, 28], "student.onnx");
        Assert.DoesNotContain("BatchNormalization", result.Operators);
        Assert.Equal(6, CountOps(result.Path, "Gemm"));
    }

    [Fact]
    public void Every_supported_layer_kind_matches_TorchSharp()
    {
        manual_seed(6);
        using var model = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding: Padding.Same),
            nn.Conv2d(8, 8, 3, padding: 2, dilation: 2, groups: 4),
            nn.BatchNorm2d(8),
            nn.LeakyReLU(0.1), nn.ELU(0.7), nn.CELU(0.5), nn.SELU(),
            nn.Conv2d(8, 8, 3, padding: 1, groups: 8, bias: false),
            nn.GELU(), nn.SiLU(), nn.Mish(), nn.Hardswish(),
            nn.Conv2d(8, 8, 1, stride: 1),
            nn.GELU(GELU.Approximate.tanh), nn.Softplus(2, 1), nn.ReLU6(), nn.Hardsigmoid(),
            nn.Conv2d(8, 8, 1),
            nn.Sigmoid(), nn.Tanh(), nn.ReLU(),
            nn.MaxPool2d(3, stride: 2, padding: 1),
            nn.AvgPool2d(3, stride: 1, padding: 1, count_include_pad: false),
            nn.AdaptiveMaxPool2d([4, 4]), nn.AdaptiveAvgPool2d(2), nn.Dropout2d(0.5),
            nn.Flatten(),
            nn.Linear(32, 16), nn.BatchNorm1d(16), nn.Dropout(0.5), nn.AlphaDropout(0.5), nn.Identity(), nn.ReLU(),
            nn.Linear(16, 5, hasBias: false));
        Randomize(model);
        var result = OnnxFiles.AssertParity(model, [3, 16, 16], "zoo.onnx");
        foreach (var op in new[] { "LeakyRelu", "Elu", "Celu", "Selu", "Erf", "Mul", "Softplus", "Clip", "HardSigmoid", "HardSwish",
                     "Where", "AveragePool", "MaxPool", "Identity" })
            Assert.Contains(op, result.Operators);
    }

    [Fact]
    public void A_module_describing_its_flow_with_functional_operations_matches_TorchSharp()
    {
        manual_seed(7);
        using var model = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), new TwoPaths(), nn.Flatten(), nn.Linear(4 * 8 * 8, 3));
        var result = OnnxFiles.AssertParity(model, [1, 8, 8], "two-paths.onnx");
        Assert.Contains("Sum", result.Operators);
    }

    /// <summary>relu(a(x)) + b(x) + x, described with Elementwise and a three-way Add.</summary>
    private sealed class TwoPaths : nn.Module<Tensor, Tensor>, IChannelFlow
    {
        private readonly Conv2d a = nn.Conv2d(4, 4, 3, padding: 1);
        private readonly Conv2d b = nn.Conv2d(4, 4, 1);

        public TwoPaths() : base(nameof(TwoPaths)) => RegisterComponents();

        public override Tensor forward(Tensor input) => nn.functional.relu(a.call(input)) + b.call(input) + input;

        public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input) =>
            flow.Add(flow.Elementwise(flow.Call(a, input), "relu", preservesZero: true), flow.Call(b, input), input);
    }

    /// <summary>BatchNorm statistics and affine parameters away from their defaults, so that eval-mode BatchNorm is
    /// really tested (fresh layers have mean 0, variance 1, γ 1, β 0).</summary>
    internal static void Randomize(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var module in model.modules())
            if (module is BatchNorm bn)
            {
                bn.running_mean!.copy_(randn_like(bn.running_mean) * 0.1);
                bn.running_var!.copy_(rand_like(bn.running_var) + 0.5);
                bn.weight!.copy_(rand_like(bn.weight) + 0.5);
                bn.bias!.copy_(randn_like(bn.bias) * 0.1);
            }
    }

    private static int CountOps(string path, string op)
    {
        using var stream = File.OpenRead(path);
        return Onnx.ModelProto.Parser.ParseFrom(stream).Graph.Node.Count(n => n.OpType == op);
    }
}
