using static TorchSharp.torch;

namespace TorchSharp.Tests;

/// <summary>Reads tensors back into arrays for assertions.</summary>
internal static class TensorTestValues
{
    internal static float[] Floats(this Tensor t) => t.to_type(ScalarType.Float32).ReadElementsForTest<float>();
    internal static double[] Doubles(this Tensor t) => t.to_type(ScalarType.Float64).ReadElementsForTest<double>();
    internal static long[] Longs(this Tensor t) => t.to_type(ScalarType.Int64).ReadElementsForTest<long>();
    internal static bool[] Bools(this Tensor t) => t.to_type(ScalarType.Bool).ReadElementsForTest<bool>();

    private static T[] ReadElementsForTest<T>(this Tensor t) where T : unmanaged
    {
        using (t) return t.data<T>().ToArray();
    }

    internal static void Near(double[] expected, double[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
