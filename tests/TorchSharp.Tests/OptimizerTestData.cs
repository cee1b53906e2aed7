using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

/// <summary>Small parameters with gradients set by hand, for optimizer tests.</summary>
internal static class OptimizerTestData
{
    internal static Parameter Param(params float[] values) => new(tensor(values));

    internal static void SetGrad(Parameter p, params float[] values)
    {
        using var g = tensor(values);
        p.grad = g;
    }

    internal static float[] Values(Tensor t) => t.ReadElements<float>();

    internal static void AssertClose(double[] expected, float[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
