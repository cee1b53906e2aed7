using System.Text.Json;
using FasterSharp.Quantize;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Quantize;

/// <summary>Observers, parameters and fake quantization against PyTorch 1.13 (Debian's python3-torch) on the same inputs.</summary>
public class QuantOracleTests
{
    public static TheoryData<string> ObserverCases() => new(QuantOracle.Observers.Select(o => o.GetProperty("name").GetString()!));

    public static TheoryData<string> FakeQuantCases() => new(QuantOracle.FakeQuant.Select(o => o.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(ObserverCases))]
    public void ObserversGivePyTorchsScalesAndZeroPoints(string name)
    {
        var c = QuantOracle.Observer(name);
        var scheme = QuantOracle.Scheme(c);
        var batches = c.GetProperty("batches").EnumerateArray().Select(QuantOracle.TensorOf).ToList();
        var (expectedMin, expectedMax) = (QuantOracle.Floats(c.GetProperty("min")), QuantOracle.Floats(c.GetProperty("max")));
        var (expectedScale, expectedZero) = (QuantOracle.Floats(c.GetProperty("scale")), QuantOracle.Ints(c.GetProperty("zero_point")));
        float[] min, max, scale;
        int[] zero;
        var kind = c.GetProperty("kind").GetString();
        if (kind == "per_channel")
        {
            var observer = new PerChannelMinMaxObserver(c.GetProperty("ch_axis").GetInt32(), scheme);
            foreach (var b in batches) observer.Observe(b);
            var p = observer.ComputeParams();
            (min, max, scale, zero) = (p.Min.ToArray(), p.Max.ToArray(), p.Scales.ToArray(), p.ZeroPoints.ToArray());
        }
        else
        {
            Observer observer = kind switch
            {
                "minmax" => new MinMaxObserver(scheme),
                "moving_average" => new MovingAverageMinMaxObserver(scheme, c.GetProperty("averaging_constant").GetDouble()),
                "percentile" => new PercentileObserver(scheme, c.GetProperty("percentile").GetDouble()),
                _ => throw new InvalidOperationException(kind),
            };
            foreach (var b in batches) observer.Observe(b);
            var p = observer.ComputeParams();
            (min, max, scale, zero) = ([p.Min], [p.Max], [p.Scale], [p.ZeroPoint]);
        }
        // min-max and moving averages are the same float32 operations as PyTorch's: bit-identical. The percentile's
        // interpolation may differ from at::lerp's in the last bit: 1e-6 relative.
        var rtol = kind == "percentile" ? 1e-6 : 0;
        AssertClose(expectedMin, min, rtol, $"{name} min");
        AssertClose(expectedMax, max, rtol, $"{name} max");
        AssertClose(expectedScale, scale, rtol, $"{name} scale");
        Assert.Equal(expectedZero, zero);
    }

    [Theory]
    [MemberData(nameof(FakeQuantCases))]
    public void FakeQuantizationMatchesPyTorchInValueAndGradient(string name)
    {
        var c = QuantOracle.FakeQuantCase(name);
        using var scope = NewDisposeScope();
        var x = QuantOracle.TensorOf(c.GetProperty("input")).requires_grad_(true);
        var gradOutput = QuantOracle.TensorOf(c.GetProperty("grad_output"));
        var (scales, zeros) = (QuantOracle.Floats(c.GetProperty("scale")), QuantOracle.Ints(c.GetProperty("zero_point")));
        var (qmin, qmax) = (c.GetProperty("quant_min").GetInt32(), c.GetProperty("quant_max").GetInt32());
        var perChannel = c.GetProperty("per_channel").GetBoolean();
        var axis = c.GetProperty("axis").GetInt32();
        var output = perChannel ? FakeQuant.PerChannel(x, scales, zeros, axis, qmin, qmax) : FakeQuant.PerTensor(x, scales[0], zeros[0], qmin, qmax);
        output.backward([gradOutput]);
        AssertExact(QuantOracle.TensorOf(c.GetProperty("output")), output, $"{name} output");
        AssertExact(QuantOracle.TensorOf(c.GetProperty("grad_input")), x.grad!, $"{name} grad_input");

        // TorchSharp's own quantize (LibTorch 2.10) gives PyTorch 1.13's integers too.
        var type = qmin < 0 ? QuantType.Int8 : QuantType.UInt8;
        var qtype = type == QuantType.Int8 ? ScalarType.QInt8 : ScalarType.QUInt8;
        var quantized = perChannel
            ? quantize_per_channel(x.detach(), tensor(scales.Select(s => (double)s).ToArray()), tensor(zeros.Select(z => (long)z).ToArray()), axis, qtype)
            : quantize_per_tensor(x.detach(), scales[0], zeros[0], qtype);
        AssertExact(QuantOracle.TensorOf(c.GetProperty("int_repr")), quantized.int_repr().to_type(ScalarType.Float32), $"{name} int_repr");
    }

    private static void AssertClose(float[] expected, float[] actual, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= rtol * Math.Abs(expected[i]),
                $"{what}[{i}]: PyTorch {expected[i]:R}, ours {actual[i]:R}");
    }

    private static void AssertExact(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var (e, a) = (expected.data<float>().ToArray(), actual.detach().contiguous().data<float>().ToArray());
        var wrong = Enumerable.Range(0, e.Length).Where(i => e[i] != a[i]).ToList();
        Assert.True(wrong.Count == 0, $"{what}: {wrong.Count} of {e.Length} differ, first at {wrong.FirstOrDefault()}: " +
                                      $"PyTorch {(wrong.Count > 0 ? e[wrong[0]] : 0):R}, ours {(wrong.Count > 0 ? a[wrong[0]] : 0):R}");
    }
}
