using static TorchSharp.torch;

namespace FasterSharp.Tests.Reference;

/// <summary>The reader/writer of TorchSharp's named-tensor format agrees with what PyTorch
/// (tests/reference/tsformat.py) writes, and the comparison helper fails when it should.</summary>
public class ReferenceFileTests
{
    private static T[] Elements<T>(Tensor t) where T : unmanaged => t.data<T>().ToArray();

    [Fact]
    public void EveryPythonWrittenFixtureRoundTripsByteForByteThroughTheCSharpReaderAndWriter()
    {
        var files = PyTorchOracle.CaseNames.Select(n => n + ".dat").Append("exported_state.weights.dat").ToList();
        Assert.True(files.Count >= 10, $"only {files.Count} fixture files were generated");
        foreach (var file in files)
        {
            var original = File.ReadAllBytes(PyTorchOracle.PathOf(file));
            var entries = ReferenceFile.ReadEntries(new MemoryStream(original), file);
            try
            {
                var copy = new MemoryStream();
                ReferenceFile.Write(copy, entries);
                Assert.True(original.AsSpan().SequenceEqual(copy.ToArray()), $"{file}: the rewritten file differs");
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
        Assert.Equal(new sbyte[] { -128, 0, 127 }, Elements<sbyte>(probe["int8"]));
        Assert.Equal(new byte[] { 0, 255 }, Elements<byte>(probe["uint8"]));
        Assert.Equal(new short[] { short.MinValue, short.MaxValue }, Elements<short>(probe["int16"]));
        Assert.Equal(new[] { int.MinValue, int.MaxValue }, Elements<int>(probe["int32"]));
        Assert.Equal(new[] { long.MinValue, long.MaxValue, 42L }, Elements<long>(probe["int64"]));
        Assert.Equal(new[] { (Half)1.5, (Half)(-2.0), Half.MaxValue }, Elements<Half>(probe["float16"]));
        Assert.Equal(ScalarType.BFloat16, probe["bfloat16"].dtype);
        Assert.Equal(new byte[] { 0x80, 0x3F, 0x20, 0xC0 }, ReferenceFile.ToBytes(probe["bfloat16"]));
        Assert.Equal(new[] { 1f / 3f, -0f, 1e-38f }, Elements<float>(probe["float32"]));
        Assert.True(float.IsNegative(Elements<float>(probe["float32"])[1]), "-0.0 lost its sign");
        Assert.Equal(new[] { Math.PI, -1e300 }, Elements<double>(probe["float64"]));
        Assert.Equal(ScalarType.Bool, probe["bool"].dtype);
        Assert.Equal(new[] { true, false, true }, Elements<bool>(probe["bool"]));
        Assert.Empty(probe["scalar_f64"].shape);
        Assert.Equal(2.5, probe["scalar_f64"].item<double>());
        Assert.Equal(new long[] { 0, 3 }, probe["empty_f32"].shape);
        Assert.Equal(new long[] { 130, 2 }, probe["arange_130x2"].shape);
        Assert.Equal(Enumerable.Range(0, 260).Select(i => (long)i), Elements<long>(probe["arange_130x2"]));
        Assert.Equal(new[] { 7L }, Elements<long>(probe["größe/μ"]));
    }

    [Fact]
    public void TruncatedOrPaddedFilesRaiseInvalidDataExceptions()
    {
        var bytes = File.ReadAllBytes(PyTorchOracle.PathOf("batch_norm2d_train.dat"));
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
    public void SaveThenLoadKeepsNamesOrderShapesAndValuesAndLeavesNoTemporaryFile()
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
    public void CloseRejectsAValueOutsideToleranceAShapeOrADtypeAndNamesTheElement()
    {
        using var expected = tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 2, 2 });
        using var near = tensor(new[] { 1f, 2f, 3f, 4.00001f }, new long[] { 2, 2 });
        using var far = tensor(new[] { 1f, 2f, 3.01f, 4f }, new long[] { 2, 2 });
        using var reshaped = tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 4 });
        using var doubles = tensor(new[] { 1.0, 2.0, 3.0, 4.0 }, new long[] { 2, 2 });
        ReferenceAssert.Close(expected, near, 1e-5, 0, "near");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceAssert.Close(expected, far, 1e-3, 1e-3, "far"));
        Assert.Contains("element [1, 0]", e.Message);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceAssert.Close(expected, reshaped, 1, 1, "shape"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ReferenceAssert.Close(expected, doubles, 1, 1, "dtype"));
    }
}
