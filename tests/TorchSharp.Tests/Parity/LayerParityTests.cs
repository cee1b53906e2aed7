using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>Forward values and gradients (input, weight, bias) of conv2d, linear, pooling and activations
/// against PyTorch 1.13, through nn.functional and through the modules with the fixture's weights loaded.
/// Tolerances (|actual − expected| ≤ atol + rtol·|expected|), the manifest's recommendations:
/// float32 layers with reductions (conv2d, linear) rtol 1e-4, atol 1e-5 (summation order may differ with
/// the thread count); float64 rtol 1e-10, atol 1e-12; pooling and activations (no long reductions)
/// rtol 1e-6, atol 1e-7.</summary>
public class LayerParityTests
{
    internal static readonly (double Rtol, double Atol) F32Layer = (1e-4, 1e-5);
    internal static readonly (double Rtol, double Atol) F64 = (1e-10, 1e-12);
    internal static readonly (double Rtol, double Atol) F32Elementwise = (1e-6, 1e-7);

    public static TheoryData<string> ConvCases => new()
    {
        "conv2d_stride2_pad1_bias", "conv2d_stride2_pad1_bias_f64", "conv2d_groups2_nobias", "conv2d_rect_dilated",
    };

    public static TheoryData<string> LinearCases => new() { "linear", "linear_f64", "linear_3d_nobias" };

    public static TheoryData<string> PoolCases => new()
    {
        "max_pool2d_k2_s2", "max_pool2d_k3_s2_p1", "max_pool2d_k3_s2_ceil",
        "avg_pool2d_k2_s2", "avg_pool2d_k3_s2_p1", "avg_pool2d_k3_s2_p1_exclude_pad",
        "adaptive_avg_pool2d_1x1", "adaptive_avg_pool2d_3x3",
    };

    public static TheoryData<string> ActivationCases => new()
    {
        "relu", "softmax_dim1", "log_softmax_dim1", "softmax_dim_last_3d", "normalize_p2_dim1",
    };

    [Fact]
    public void EveryLayerFixtureHasAParityCase() =>
        ParitySettings.AssertCovers(PyTorchOracle.CasesOfKind("layer"), nameof(LayerParityTests),
            ConvCases, LinearCases, PoolCases, ActivationCases, BatchNormParityTests.TrainCases, BatchNormParityTests.EvalCases);

    internal static (double Rtol, double Atol) Tolerance(ReferenceCase c, (double Rtol, double Atol) float32)
    {
        var expected = c["input"].dtype == ScalarType.Float64 ? F64 : float32;
        Assert.Equal(expected, (c.Rtol, c.Atol)); // the test states its tolerance; the manifest must agree
        return expected;
    }

    private static long[] Longs(ReferenceCase c, string key) => c[key].ReadElements<long>();

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dFunctionalMatchesPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = Tolerance(c, F32Layer);
        var stride = Longs(c, "stride");
        var padding = Longs(c, "padding");
        var dilation = Longs(c, "dilation");
        var groups = c["groups"].item<long>();
        LayerCheck.Functional(c, (x, w, b) => nn.functional.conv2d(x, w!, b, stride, padding, dilation, groups), rtol, atol);
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dModuleWithFixtureWeightsMatchesPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = Tolerance(c, F32Layer);
        var s = Longs(c, "stride");
        var p = Longs(c, "padding");
        var d = Longs(c, "dilation");
        var w = c["weight"].shape;
        var groups = c["groups"].item<long>();
        using var conv = nn.Conv2d(w[1] * groups, w[0], (w[2], w[3]), stride: (s[0], s[1]), padding: (p[0], p[1]),
            dilation: (d[0], d[1]), groups: groups, bias: c.Contains("bias"), dtype: c["input"].dtype);
        LayerCheck.Module(c, conv, rtol, atol);
    }

    [Theory]
    [MemberData(nameof(LinearCases))]
    public void LinearFunctionalAndModuleMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = Tolerance(c, F32Layer);
        LayerCheck.Functional(c, (x, w, b) => nn.functional.linear(x, w!, b), rtol, atol);
        var w = c["weight"].shape;
        using var linear = nn.Linear(w[1], w[0], hasBias: c.Contains("bias"), dtype: c["input"].dtype);
        LayerCheck.Module(c, linear, rtol, atol);
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void PoolingFunctionalAndModuleMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = Tolerance(c, F32Elementwise);
        if (name.StartsWith("adaptive", StringComparison.Ordinal))
        {
            var size = Longs(c, "output_size");
            LayerCheck.Functional(c, (x, _, _) => nn.functional.adaptive_avg_pool2d(x, size), rtol, atol);
            using var adaptive = nn.AdaptiveAvgPool2d(size);
            LayerCheck.Module(c, adaptive, rtol, atol);
            return;
        }
        var k = Longs(c, "kernel_size");
        var s = Longs(c, "stride");
        var p = Longs(c, "padding");
        var ceil = c["ceil_mode"].item<long>() != 0;
        var includePad = c["count_include_pad"].item<long>() != 0;
        if (name.StartsWith("max", StringComparison.Ordinal))
        {
            LayerCheck.Functional(c, (x, _, _) => nn.functional.max_pool2d(x, k, s, p, ceil_mode: ceil), rtol, atol);
            using var max = nn.MaxPool2d(k, s, p, ceil_mode: ceil);
            LayerCheck.Module(c, max, rtol, atol);
        }
        else
        {
            LayerCheck.Functional(c, (x, _, _) => nn.functional.avg_pool2d(x, k, s, p, ceil_mode: ceil, count_include_pad: includePad), rtol, atol);
            using var avg = nn.AvgPool2d(k, s, p, ceil_mode: ceil, count_include_pad: includePad);
            LayerCheck.Module(c, avg, rtol, atol);
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationsMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var (rtol, atol) = Tolerance(c, F32Elementwise);
        Func<Tensor, Tensor?, Tensor?, Tensor> forward = name switch
        {
            "relu" => (x, _, _) => nn.functional.relu(x),
            // The fixture scales the input by 2 before the softmax (see its description).
            "softmax_dim1" => (x, _, _) => nn.functional.softmax(x * 2, c["dim"].item<long>()),
            "softmax_dim_last_3d" => (x, _, _) => nn.functional.softmax(x, c["dim"].item<long>()),
            "log_softmax_dim1" => (x, _, _) => nn.functional.log_softmax(x, c["dim"].item<long>()),
            "normalize_p2_dim1" => (x, _, _) => nn.functional.normalize(x, c["p"].item<double>(), c["dim"].item<long>()),
            _ => throw new NotSupportedException(name),
        };
        LayerCheck.Functional(c, forward, rtol, atol);
        if (name == "relu")
        {
            using var relu = nn.ReLU();
            LayerCheck.Module(c, relu, rtol, atol);
        }
    }
}
