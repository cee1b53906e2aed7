using System.Text.Json;
using FasterSharp.Quantize;
using FasterSharp.Tests.Reference;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Quantize;

/// <summary>Runs tests/reference/make_quant_fixtures.py with Debian's PyTorch 1.13 once per test run and reads its cases.</summary>
internal static class QuantOracle
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        var dir = ReferenceScript.Run("make_quant_fixtures.py", TimeSpan.FromMinutes(2));
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "quant.json")));
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IEnumerable<JsonElement> Observers => Document.Value.RootElement.GetProperty("observers").EnumerateArray();

    public static IEnumerable<JsonElement> FakeQuant => Document.Value.RootElement.GetProperty("fake_quant").EnumerateArray();

    public static JsonElement Observer(string name) => Observers.Single(o => o.GetProperty("name").GetString() == name);

    public static JsonElement FakeQuantCase(string name) => FakeQuant.Single(o => o.GetProperty("name").GetString() == name);

    public static Tensor TensorOf(JsonElement value)
    {
        var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var values = value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        return tensor(values).reshape(shape);
    }

    public static float[] Floats(JsonElement value) => value.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static int[] Ints(JsonElement value) => value.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static QuantScheme Scheme(JsonElement c)
    {
        var type = c.GetProperty("dtype").GetString() == "qint8" ? QuantType.Int8 : QuantType.UInt8;
        var symmetric = c.GetProperty("qscheme").GetString()!.EndsWith("symmetric", StringComparison.Ordinal);
        int? qmin = c.GetProperty("quant_min").ValueKind == JsonValueKind.Null ? null : c.GetProperty("quant_min").GetInt32();
        int? qmax = c.GetProperty("quant_max").ValueKind == JsonValueKind.Null ? null : c.GetProperty("quant_max").GetInt32();
        return new QuantScheme(type, symmetric, c.GetProperty("reduce_range").GetBoolean(), qmin, qmax);
    }
}
