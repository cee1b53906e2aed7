using static TorchSharp.torch;

namespace TorchSharp.Tests.Reference;

/// <summary>The reference fixtures and the reader/writer for TorchSharp's named-tensor format agree with
/// what PyTorch (tests/reference/tsformat.py) writes.</summary>
public class ReferenceFileTests
{
    [Fact]
    public void EveryPythonWrittenFixtureRoundTripsByteForByteThroughTheCSharpReaderAndWriter()
    {
        Assert.True(PyTorchOracle.CaseNames.Count >= 50, $"only {PyTorchOracle.CaseNames.Count} cases were generated");
        foreach (var name in PyTorchOracle.CaseNames)
        {
            var original = File.ReadAllBytes(PyTorchOracle.PathOf(name));
            var entries = ReferenceFile.ReadEntries(new MemoryStream(original), name);
            try
            {
                var copy = new MemoryStream();
                ReferenceFile.Write(copy, entries);
                Assert.True(original.AsSpan().SequenceEqual(copy.ToArray()), $"{name}: the rewritten file differs");
            }
            finally
            {
                foreach (var entry in entries) entry.Value.Dispose();
            }
        }
    }

    [Fact]
    public void FormatProbeHoldsTheExactValuesPythonWroteForEveryDtype()
    {
        using var probe = PyTorchOracle.Load("format_probe");
        Assert.Equal(new sbyte[] { -128, 0, 127 }, probe["int8"].ReadElements<sbyte>());
        Assert.Equal(new byte[] { 0, 255 }, probe["uint8"].ReadElements<byte>());
        Assert.Equal(new short[] { short.MinValue, short.MaxValue }, probe["int16"].ReadElements<short>());
        Assert.Equal(new[] { int.MinValue, int.MaxValue }, probe["int32"].ReadElements<int>());
        Assert.Equal(new[] { long.MinValue, long.MaxValue, 42L }, probe["int64"].ReadElements<long>());
        Assert.Equal(new[] { (Half)1.5, (Half)(-2.0), Half.MaxValue }, probe["float16"].ReadElements<Half>());
        Assert.Equal(new short[] { 0x3F80, unchecked((short)0xC020) }, probe["bfloat16"].ReadElements<short>());
        Assert.Equal(new[] { 1f / 3f, -0f, 1e-38f }, probe["float32"].ReadElements<float>());
        Assert.True(float.IsNegative(probe["float32"].ReadElements<float>()[1]), "-0.0 lost its sign");
        Assert.Equal(new[] { Math.PI, -1e300 }, probe["float64"].ReadElements<double>());
        Assert.Equal(new byte[] { 1, 0, 1 }, probe["bool"].ReadElements<byte>());
        Assert.Equal(ScalarType.Bool, probe["bool"].dtype);
        Assert.Equal(ScalarType.BFloat16, probe["bfloat16"].dtype);
        Assert.Empty(probe["scalar_f64"].shape);
        Assert.Equal(2.5, probe["scalar_f64"].item<double>());
        Assert.Equal(new long[] { 0, 3 }, probe["empty_f32"].shape);
        Assert.Equal(new long[] { 130, 2 }, probe["arange_130x2"].shape);
        Assert.Equal(Enumerable.Range(0, 260).Select(i => (long)i), probe["arange_130x2"].ReadElements<long>());
        Assert.Equal(new[] { 7L }, probe["größe/μ"].ReadElements<long>());
    }

    [Theory]
    [InlineData("svd_7x5_f64", 7, 5, 1e-12)]
    [InlineData("svd_5x9_f32", 5, 9, 1e-5)]
    public void SvdFixtureFactorsReconstructTheInputMatrix(string name, int m, int n, double tolerance)
    {
        using var svd = PyTorchOracle.Load(name);
        var k = Math.Min(m, n);
        var dtype = name.EndsWith("f64", StringComparison.Ordinal) ? ScalarType.Float64 : ScalarType.Float32;
        foreach (var (key, shape) in new[] { ("A", new long[] { m, n }), ("U", new long[] { m, k }), ("S", new long[] { k }),
                                             ("Vh", new long[] { k, n }), ("reconstruction", new long[] { m, n }) })
        {
            Assert.Equal(shape, svd[key].shape);
            Assert.Equal(dtype, svd[key].dtype);
        }
        var a = ReferenceAssert.ToDoubles(svd["A"]);
        var u = ReferenceAssert.ToDoubles(svd["U"]);
        var s = ReferenceAssert.ToDoubles(svd["S"]);
        var vh = ReferenceAssert.ToDoubles(svd["Vh"]);
        for (var i = 1; i < k; i++) Assert.True(s[i - 1] >= s[i] && s[i] > 0, $"singular values not descending: {string.Join(", ", s)}");
        for (var r = 0; r < m; r++)
            for (var c = 0; c < n; c++)
            {
                var sum = 0.0;
                for (var j = 0; j < k; j++) sum += u[r * k + j] * s[j] * vh[j * n + c];
                Assert.True(Math.Abs(sum - a[r * n + c]) <= tolerance * (1 + Math.Abs(a[r * n + c])),
                    $"U S Vh [{r},{c}] = {sum:R}, A = {a[r * n + c]:R}");
            }
        svd.AssertClose("reconstruction", svd["A"], rtol: tolerance, atol: tolerance);
    }

    [Fact]
    public void TruncatedOrPaddedFilesRaiseInvalidDataExceptions()
    {
        var bytes = File.ReadAllBytes(PyTorchOracle.PathOf("batch_norm2d_train"));
        foreach (var length in new[] { 0, 1, 3, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => ReferenceFile.ReadEntries(new MemoryStream(bytes[..length]), "cut"));
            Assert.Contains("cut", e.Message);
        }
        var padded = bytes.Append((byte)0).ToArray();
        var trailing = Assert.Throws<InvalidDataException>(() => ReferenceFile.ReadEntries(new MemoryStream(padded), "padded"));
        Assert.Contains("1 unexpected bytes", trailing.Message);
    }

    [Fact]
    public void SaveThenLoadKeepsNamesShapesAndValues()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reference-roundtrip-{Guid.NewGuid():N}.dat");
        try
        {
            using var w = tensor(new[] { 1f, -2f, 3.5f, 0.25f, 5f, 6f }, new long[] { 2, 3 });
            using var s = tensor(new[] { 9f }, new long[] { 1 });
            ReferenceFile.Save(path, new KeyValuePair<string, Tensor>[] { new("layer.weight", w), new("layer.bias", s) });
            var loaded = ReferenceFile.Load(path);
            try
            {
                Assert.Equal(new[] { "layer.weight", "layer.bias" }, loaded.Keys);
                ReferenceAssert.Close(w, loaded["layer.weight"], 0, 0, "weight");
                ReferenceAssert.Close(s, loaded["layer.bias"], 0, 0, "bias");
            }
            finally
            {
                foreach (var t in loaded.Values) t.Dispose();
            }
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CloseRejectsAValueOutsideToleranceAndNamesTheElement()
    {
        using var expected = tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 2, 2 });
        using var near = tensor(new[] { 1f, 2f, 3f, 4.00001f }, new long[] { 2, 2 });
        using var far = tensor(new[] { 1f, 2f, 3.01f, 4f }, new long[] { 2, 2 });
        using var reshaped = tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 4 });
        ReferenceAssert.Close(expected, near, 1e-5, 0, "near");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceAssert.Close(expected, far, 1e-3, 1e-3, "far"));
        Assert.Contains("element [1, 0]", e.Message);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceAssert.Close(expected, reshaped, 1, 1, "shape"));
    }
}
