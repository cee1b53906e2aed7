using static TorchSharp.torch;

namespace FasterSharp.Tests.Reference;

/// <summary>Element-wise comparison of a computed tensor with a PyTorch reference, in managed code (so it
/// depends on no tensor op), reporting the worst element.</summary>
internal static class ReferenceAssert
{
    /// <summary>Asserts same shape, same dtype and |actual − expected| ≤ atol + rtol·|expected| for every
    /// element (NaN matches NaN; infinities must be equal).</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol, double atol, string what)
    {
        var es = expected.shape;
        var acts = actual.shape;
        if (!es.SequenceEqual(acts))
            Assert.Fail($"{what}: shape [{string.Join(", ", acts)}], expected [{string.Join(", ", es)}]");
        if (expected.dtype != actual.dtype)
            Assert.Fail($"{what}: dtype {actual.dtype}, expected {expected.dtype}");
        var e = ToDoubles(expected);
        var a = ToDoubles(actual);
        var worst = -1;
        var worstExcess = 0.0;
        var maxDiff = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            var diff = Math.Abs(a[i] - e[i]);
            if (e[i] == a[i]) diff = 0; // equal infinities
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            maxDiff = Math.Max(maxDiff, diff);
            var excess = diff - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess)
            {
                worstExcess = excess;
                worst = i;
            }
        }
        if (worst >= 0)
            Assert.Fail($"{what}: element {FormatIndex(worst, es)} is {a[worst]:R}, expected {e[worst]:R} " +
                        $"(|diff| {Math.Abs(a[worst] - e[worst]):G3} > atol {atol:G3} + rtol {rtol:G3}·|expected|); " +
                        $"max |diff| over {e.Length} elements {maxDiff:G3}");
    }

    /// <summary>The elements of a tensor of any real or boolean dtype, row-major, as doubles.</summary>
    public static double[] ToDoubles(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => Array.ConvertAll(Elements<float>(t), v => (double)v),
        ScalarType.Float64 => Elements<double>(t),
        ScalarType.Float16 => Array.ConvertAll(Elements<Half>(t), v => (double)v),
        ScalarType.Int64 => Array.ConvertAll(Elements<long>(t), v => (double)v),
        ScalarType.Int32 => Array.ConvertAll(Elements<int>(t), v => (double)v),
        ScalarType.Int16 => Array.ConvertAll(Elements<short>(t), v => (double)v),
        ScalarType.Int8 => Array.ConvertAll(Elements<sbyte>(t), v => (double)v),
        ScalarType.Byte => Array.ConvertAll(Elements<byte>(t), v => (double)v),
        ScalarType.Bool => Array.ConvertAll(Elements<bool>(t), v => v ? 1.0 : 0.0),
        var other => throw new NotSupportedException($"comparing {other} tensors is not supported"),
    };

    // Row-major elements of any layout (TorchSharp's accessor follows strides).
    private static T[] Elements<T>(Tensor t) where T : unmanaged => t.contiguous().data<T>().ToArray();

    private static string FormatIndex(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "[" + string.Join(", ", index) + "]";
    }
}
