using FasterSharp.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>conv2d and linear against PyTorch 1.13: forward values and the gradients of the input, the
/// weight and the bias, through nn.functional and through the modules with the fixture's weights loaded
/// (what every model, the pruner, BN folding and SVD rest on). float32 with reductions whose summation order
/// may differ between LibTorch versions and thread counts: |actual − expected| ≤ 1e-5 + 1e-4·|expected|.</summary>
public class LayerOracleTests
{
    private const double Rtol = 1e-4;
    private const double Atol = 1e-5;

    public static TheoryData<string> ConvCases => new() { "conv2d_stride2_pad1_bias", "conv2d_groups2_nobias" };

    public static TheoryData<string> LinearCases => new() { "linear", "linear_3d_nobias" };

    [Fact]
    public void EveryLayerFixtureIsTested() =>
        PyTorchOracle.AssertCovers("layer", nameof(LayerOracleTests), ConvCases, LinearCases,
            BatchNormOracleTests.TrainCases, BatchNormOracleTests.EvalCases);

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dFunctionalMatchesPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        var (stride, padding, dilation) = (c.Longs("stride"), c.Longs("padding"), c.Longs("dilation"));
        var groups = c["groups"].item<long>();
        LayerCheck.Functional(c, (x, w, b) => nn.functional.conv2d(x, w!, b, stride, padding, dilation, groups), Rtol, Atol);
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dModuleWithFixtureWeightsMatchesPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        var (s, p, d) = (c.Longs("stride"), c.Longs("padding"), c.Longs("dilation"));
        var w = c["weight"].shape;
        var groups = c["groups"].item<long>();
        using var conv = nn.Conv2d(w[1] * groups, w[0], (w[2], w[3]), stride: (s[0], s[1]), padding: (p[0], p[1]),
            dilation: (d[0], d[1]), groups: groups, bias: c.Contains("bias"));
        LayerCheck.Module(c, conv, Rtol, Atol);
    }

    [Theory]
    [MemberData(nameof(LinearCases))]
    public void LinearFunctionalAndModuleMatchPyTorch(string name)
    {
        using var c = PyTorchOracle.Load(name);
        c.AssertTolerance(Rtol, Atol);
        LayerCheck.Functional(c, (x, w, b) => nn.functional.linear(x, w!, b), Rtol, Atol);
        var w = c["weight"].shape;
        using var linear = nn.Linear(w[1], w[0], hasBias: c.Contains("bias"));
        LayerCheck.Module(c, linear, Rtol, Atol);
    }
}
