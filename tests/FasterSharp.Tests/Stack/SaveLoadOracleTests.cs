using FasterSharp.Tests.Reference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>TorchSharp's Module.save/Module.load, which checkpoints and weight files go through: a save/load
/// round trip restores every parameter and buffer bit for bit; the file is the named-tensor format that
/// tests/reference/tsformat.py reads and writes; a state exported from PyTorch (a .pth through
/// export_state_dict.py's code path) loads by PyTorch's names, bit-exact, and gives PyTorch's logits
/// (float32, rtol 1e-4, atol 1e-5).</summary>
public sealed class SaveLoadOracleTests : IDisposable
{
    private const double Rtol = 1e-4;
    private const double Atol = 1e-5;

    private readonly string _folder = Directory.CreateTempSubdirectory("fastersharp-saveload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The module tree of the exported PyTorch model: Conv2d(1,4,3,p=1)-BatchNorm2d(4)-ReLU-AdaptiveAvgPool2d(1)-Flatten-Linear(4,3).
    private static Sequential MakeNet() =>
        nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));

    private static Dictionary<string, byte[]> RawState(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => ReferenceFile.ToBytes(kv.Value));

    private static void AssertSameBits(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyDictionary<string, byte[]> actual, string what)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[key]), $"{what}: '{key}' differs");
    }

    [Fact]
    public void SaveThenLoadRestoresEveryParameterAndBufferBitForBit()
    {
        using var source = MakeNet();
        using (var x = randn(3, 1, 6, 6)) source.call(x).Dispose(); // moves the BN statistics and the batch counter
        var path = Path.Combine(_folder, "net.dat");
        source.save(path);
        using var target = MakeNet();
        Assert.NotEqual(ReferenceFile.ToBytes(source.state_dict()["0.weight"]), ReferenceFile.ToBytes(target.state_dict()["0.weight"]));
        target.load(path);
        AssertSameBits(RawState(source), RawState(target), "round trip");
        Assert.Equal(1L, target.state_dict()["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void ModuleSaveWritesTheNamedTensorFormatOfTsformat()
    {
        using var net = MakeNet();
        var path = Path.Combine(_folder, "layout.dat");
        net.save(path);
        var state = net.state_dict();
        using var expected = new MemoryStream();
        ReferenceFile.Write(expected, state); // the format tsformat.py writes, in TorchSharp's state_dict order
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void AStateExportedFromPyTorchLoadsByNameBitExactAndGivesPyTorchsLogits()
    {
        using var c = PyTorchOracle.Load("exported_state");
        c.AssertTolerance(Rtol, Atol);
        var weightsFile = PyTorchOracle.PathOf(c.String("weights"));
        var exported = ReferenceFile.Load(weightsFile);
        try
        {
            // The exporter keeps PyTorch's state_dict names and order, num_batches_tracked included.
            Assert.Equal(c.Strings("keys"), exported.Keys);
            using var net = MakeNet();
            Assert.Equal(exported.Keys.Order(), net.state_dict().Keys.Order());
            net.load(weightsFile);
            AssertSameBits(exported.ToDictionary(kv => kv.Key, kv => ReferenceFile.ToBytes(kv.Value)), RawState(net), "exported state");
            Assert.Equal(2L, net.state_dict()["1.num_batches_tracked"].item<long>());
            net.eval();
            using (no_grad())
            using (var logits = net.call(c["input"]))
                c.AssertClose("logits", logits, Rtol, Atol);

            // Saved again by TorchSharp, the state reads back (with tsformat's reader) to the same bits.
            var resaved = Path.Combine(_folder, "resaved.dat");
            net.save(resaved);
            var reread = ReferenceFile.Load(resaved);
            try
            {
                AssertSameBits(RawState(net), reread.ToDictionary(kv => kv.Key, kv => ReferenceFile.ToBytes(kv.Value)), "re-saved state");
            }
            finally
            {
                foreach (var t in reread.Values) t.Dispose();
            }
        }
        finally
        {
            foreach (var t in exported.Values) t.Dispose();
        }
    }

    [Fact]
    public void EveryStateFixtureIsTested() =>
        PyTorchOracle.AssertCovers("state", nameof(SaveLoadOracleTests), new TheoryData<string> { "exported_state" });
}
