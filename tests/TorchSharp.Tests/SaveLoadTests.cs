using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Serialization;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

public sealed class SaveLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ts-saveload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Sequential MakeNet() =>
        nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2));

    private static Dictionary<string, byte[]> RawState(nn.Module m) =>
        m.state_dict().ToDictionary(kv => kv.Key, kv => StateDictFile.ReadBytes(kv.Value));

    private static void AssertSameState(Dictionary<string, byte[]> expected, nn.Module m)
    {
        var actual = RawState(m);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (k, v) in expected) Assert.True(v.AsSpan().SequenceEqual(actual[k]), $"{k} differs");
    }

    [Fact]
    public void SaveThenLoadRestoresEveryTensorBitForBit()
    {
        using var source = MakeNet();
        using (var x = ones([2, 3, 6, 6])) source.call(x).Dispose(); // moves BN running stats and the batch counter
        var path = Path.Combine(_folder, "net.dat");
        source.save(path);
        using var target = MakeNet();
        target.load(path);
        AssertSameState(RawState(source), target);
        Assert.Equal(1L, target.get_buffer("1.num_batches_tracked")!.item<long>());
    }

    [Fact]
    public void TheFileLayoutIsTorchSharpsLeb128Format()
    {
        using var lin = nn.Linear(2, 1);
        nn.init.constant_(lin.weight, 1.5f);
        nn.init.constant_(lin.bias!, -2f);
        var path = Path.Combine(_folder, "lin.dat");
        lin.save(path);
        var expected = new List<byte> { 2 };                       // entry count
        expected.AddRange(new byte[] { 6 }.Concat(Encoding.UTF8.GetBytes("weight")));
        expected.AddRange(new byte[] { 6, 2, 1, 2 });               // Float32, rank 2, [1, 2]
        expected.AddRange(BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(1.5f)));
        expected.AddRange(new byte[] { 4 }.Concat(Encoding.UTF8.GetBytes("bias")));
        expected.AddRange(new byte[] { 6, 1, 1 });                  // Float32, rank 1, [1]
        expected.AddRange(BitConverter.GetBytes(-2f));
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Leb128EncodesLargeDimensionsInSevenBitGroups()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) StateDictFile.WriteLeb128(w, 300);
        Assert.Equal(new byte[] { 0xAC, 0x02 }, ms.ToArray());
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        Assert.Equal(300, StateDictFile.ReadLeb128(r));
    }

    [Fact]
    public void ATruncatedFileRaisesNamingTheFileAndLeavesTheModelUnchanged()
    {
        using var source = MakeNet();
        var path = Path.Combine(_folder, "cut.dat");
        source.save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);
        using var target = MakeNet();
        var before = RawState(target);
        var e = Assert.Throws<InvalidDataException>(() => target.load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        AssertSameState(before, target);
    }

    [Fact]
    public void AShapeMismatchRaisesNamingKeyExpectedAndFoundAndLeavesTheModelUnchanged()
    {
        using var source = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));
        var path = Path.Combine(_folder, "shape.dat");
        source.save(path);
        using var target = MakeNet();
        var before = RawState(target);
        var e = Assert.Throws<ArgumentException>(() => target.load(path));
        Assert.Contains("5.weight", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains(path, e.Message);
        AssertSameState(before, target);
    }

    [Fact]
    public void UnknownKeysRaiseInStrictModeAndAreIgnoredOtherwise()
    {
        using var source = nn.Sequential(("a", nn.Linear(2, 2)), ("b", nn.Linear(2, 2)));
        var path = Path.Combine(_folder, "keys.dat");
        source.save(path);
        using var target = nn.Sequential(("a", nn.Linear(2, 2)));
        var before = RawState(target);
        var e = Assert.Throws<ArgumentException>(() => target.load(path));
        Assert.Contains("b.weight", e.Message);
        AssertSameState(before, target);
        var loaded = new Dictionary<string, bool>();
        target.load(path, strict: false, loadedParameters: loaded);
        Assert.True(loaded["a.weight"]);
        Assert.False(loaded["b.bias"]);
        Assert.Equal(StateDictFile.ReadBytes(source.get_parameter("a.weight")!), StateDictFile.ReadBytes(target.get_parameter("a.weight")!));
    }

    [Fact]
    public void ADtypeMismatchRaises()
    {
        using var source = nn.Linear(2, 2).to(ScalarType.Float64);
        var path = Path.Combine(_folder, "dtype.dat");
        source.save(path);
        using var target = nn.Linear(2, 2);
        var e = Assert.Throws<ArgumentException>(() => target.load(path));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItAtomicallyAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "atomic.dat");
        File.WriteAllText(path, "old contents");
        using var net = MakeNet();
        net.save(path);
        Assert.Equal(new[] { "atomic.dat" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        using var back = MakeNet();
        back.load(path);
        AssertSameState(RawState(net), back);
    }

    [Fact]
    public void TrailingGarbageAndMissingFilesAreReported()
    {
        using var net = nn.Linear(2, 2);
        var path = Path.Combine(_folder, "extra.dat");
        net.save(path);
        File.AppendAllText(path, "xx");
        Assert.Throws<InvalidDataException>(() => net.load(path));
        Assert.Throws<FileNotFoundException>(() => net.load(Path.Combine(_folder, "none.dat")));
    }

    [Fact]
    public void StateDictFileLoadsPlainNamedTensors()
    {
        var path = Path.Combine(_folder, "plain.dat");
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var b = zeros([0], ScalarType.Int64);
        StateDictFile.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["empty"] = b });
        var loaded = StateDictFile.Load(path);
        Assert.Equal(new long[] { 2, 3 }, loaded["a"].shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, loaded["a"].ReadElements<float>());
        Assert.Equal(ScalarType.Int64, loaded["empty"].dtype);
        foreach (var t in loaded.Values) t.Dispose();
    }
}
