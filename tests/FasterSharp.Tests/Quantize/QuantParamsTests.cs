using FasterSharp.Quantize;
using static TorchSharp.torch;
using static FasterSharp.Tests.Quantize.QuantizeFixtures;

namespace FasterSharp.Tests.Quantize;

/// <summary>Parameters against hand-computed values, quantize → dequantize round trips through TorchSharp's quantized
/// tensors, and the straight-through gradient.</summary>
public class QuantParamsTests
{
    [Fact]
    public void AffineUInt8ParametersAreTheHandComputedOnes()
    {
        // [-1, 2] over 255 steps: scale 3/255, zero point 0 − round(−1 / (3/255)) = 85.
        var p = QuantParams.FromRange(-1f, 2f, QuantScheme.UInt8Affine);
        Assert.Equal(3f / 255f, p.Scale);
        Assert.Equal(85, p.ZeroPoint);
        Assert.Equal(-1f, p.RepresentableMin, 6);
        Assert.Equal(2f, p.RepresentableMax, 6);
        // A range that excludes 0 is widened to contain it: [0.5, 2.55] → [0, 2.55], scale 0.01, zero point 0.
        var positive = QuantParams.FromRange(0.5f, 2.55f, QuantScheme.UInt8Affine);
        Assert.Equal(2.55f / 255f, positive.Scale);
        Assert.Equal(0, positive.ZeroPoint);
        var negative = QuantParams.FromRange(-2.55f, -1f, QuantScheme.UInt8Affine);
        Assert.Equal(255, negative.ZeroPoint);
    }

    [Fact]
    public void SymmetricParametersUseHalfTheIntegerRangeAsPyTorchDoes()
    {
        // int8 symmetric: scale = max(|min|, |max|) / ((127 − (−128)) / 2) = 1.275 / 127.5.
        var p = QuantParams.FromRange(-0.5f, 1.275f, QuantScheme.Int8Symmetric);
        Assert.Equal(1.275f / 127.5f, p.Scale);
        Assert.Equal(0, p.ZeroPoint);
        Assert.Equal(128, QuantParams.FromRange(-1f, 1f, new QuantScheme(QuantType.UInt8, symmetric: true)).ZeroPoint);
        // reduce_range halves the integer range: int8 [−64, 63], scale = 1.27 / 63.5.
        var reduced = new QuantScheme(QuantType.Int8, symmetric: true, reduceRange: true);
        Assert.Equal((-64, 63), (reduced.QuantMin, reduced.QuantMax));
        Assert.Equal(1.27f / 63.5f, QuantParams.FromRange(-1.27f, 0.3f, reduced).Scale);
        // A custom [−127, 127] (ONNX Runtime's restricted weights): scale = 1.27 / 127.
        var custom = new QuantScheme(QuantType.Int8, symmetric: true, quantMin: -127, quantMax: 127);
        Assert.Equal(1.27f / 127f, QuantParams.FromRange(-1.27f, 0.3f, custom).Scale);
    }

    [Fact]
    public void AnEmptyRangeGetsTheSmallestScale()
    {
        var p = QuantParams.FromRange(0f, 0f, QuantScheme.UInt8Affine);
        Assert.Equal(1.1920929e-07f, p.Scale); // float32 epsilon, as PyTorch
        Assert.Equal(0, p.ZeroPoint);
    }

    [Fact]
    public void PerTensorRoundTripMatchesTheFormulaAndFakeQuantization()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(4, 50) * 2;
        var p = QuantParams.FromRange(-3f, 4f, QuantScheme.UInt8Affine);
        var q = p.Quantize(x);
        Assert.Equal(ScalarType.QUInt8, q.dtype);
        Assert.Equal(p.Scale, (float)q.q_scale(), 6);
        Assert.Equal(p.ZeroPoint, q.q_zero_point());
        var ints = q.int_repr().to_type(ScalarType.Int32).data<int>().ToArray();
        var xs = x.data<float>().ToArray();
        var inverse = 1f / p.Scale;
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Math.Clamp((int)MathF.Round(xs[i] * inverse, MidpointRounding.ToEven) + p.ZeroPoint, 0, 255);
            Assert.Equal(expected, ints[i]);
        }
        var dequantized = q.dequantize();
        Assert.True(Identical(dequantized, p.FakeQuantize(x)), "fake quantization equals quantize → dequantize");
        // Inside the representable range the error is at most half a step.
        var inside = x.ge(p.RepresentableMin).logical_and(x.le(p.RepresentableMax));
        var error = (dequantized - x).abs().masked_select(inside).max().item<float>();
        Assert.True(error <= p.Scale / 2 * (1 + 1e-5), $"error {error} > scale/2 {p.Scale / 2}");
    }

    [Fact]
    public void PerChannelWeightRoundTripMatchesFakeQuantization()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var w = randn(8, 3, 3, 3) * linspace(0.01, 2, 8).view(8, 1, 1, 1);
        var p = ChannelQuantParams.FromTensor(w, 0, QuantScheme.Int8Symmetric);
        Assert.Equal(8, p.Channels);
        Assert.All(p.ZeroPoints, z => Assert.Equal(0, z));
        var absMax = w.abs().amax([1L, 2L, 3L]).data<float>().ToArray();
        for (var c = 0; c < 8; c++) Assert.Equal(absMax[c] / 127.5f, p.Scales[c]);
        var q = p.Quantize(w);
        Assert.Equal(ScalarType.QInt8, q.dtype);
        var ints = q.int_repr().to_type(ScalarType.Int32);
        Assert.True(ints.abs().amax([1L, 2L, 3L]).ge(127).all().item<bool>(), "each channel's largest weight reaches ±127/128");
        Assert.True(Identical(q.dequantize(), p.FakeQuantize(w)), "per-channel fake quantization equals quantize → dequantize");
        Assert.Equal(p.Scales.ToArray(), q.q_per_channel_scales().to_type(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void TheGradientPassesInsideTheRangeAndIsZeroOutside()
    {
        using var scope = NewDisposeScope();
        // scale 0.1, zero point 0, int8: representable [−12.8, 12.7].
        var x = tensor(new[] { -20f, -12.8f, -5f, 0f, 3.33f, 12.7f, 12.76f, 40f }).requires_grad_(true);
        var y = FakeQuant.PerTensor(x, 0.1f, 0, -128, 127);
        y.mul(tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f })).sum().backward();
        // round(12.76 / 0.1) = 128 > 127: outside, as PyTorch's mask says.
        Assert.Equal(new[] { 0f, 2f, 3f, 4f, 5f, 6f, 0f, 0f }, x.grad!.data<float>().ToArray());
        Assert.Equal(new[] { -12.8f, -12.8f, -5f, 0f, 3.3f, 12.7f, 12.7f, 12.7f }, y.detach().data<float>().ToArray().Select(v => MathF.Round(v, 4)).ToArray());

        // Channel 0 (scale 0.01) reaches ±1.28: its 5 is outside; channel 1 (scale 0.1) reaches ±12.8: both inside.
        var w = tensor(new[] { 1f, 5f, -1f, -5f }).reshape(2, 2).requires_grad_(true);
        FakeQuant.PerChannel(w, [0.01f, 0.1f], [0, 0], 0, -128, 127).sum().backward();
        Assert.Equal(new[] { 1f, 0f, 1f, 1f }, w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void BadArgumentsAreClearErrors()
    {
        Assert.Throws<ArgumentException>(() => QuantParams.FromRange(float.NaN, 1f, QuantScheme.UInt8Affine));
        Assert.Throws<ArgumentException>(() => QuantParams.FromRange(2f, 1f, QuantScheme.UInt8Affine));
        Assert.Throws<ArgumentException>(() => QuantParams.FromRange(0f, float.PositiveInfinity, QuantScheme.UInt8Affine));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantParams.Create(0f, 0, QuantScheme.Int8Symmetric));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantParams.Create(0.1f, 300, QuantScheme.UInt8Affine));
        Assert.Throws<ArgumentException>(() => new QuantScheme(QuantType.Int8, true, quantMin: -127));
        Assert.Throws<ArgumentException>(() => new QuantScheme(QuantType.UInt8, false, quantMin: -1, quantMax: 200));
        Assert.Throws<ArgumentException>(() => new QuantScheme(QuantType.Int8, true, reduceRange: true, quantMin: -127, quantMax: 127));
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => FakeQuant.PerTensor(ones(3, dtype: ScalarType.Float64), 0.1f, 0, -128, 127));
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeQuant.PerTensor(ones(3), 0.1f, 200, -128, 127));
        Assert.Throws<ArgumentException>(() => FakeQuant.PerChannel(ones(3, 2), [0.1f, 0.1f], [0, 0], 0, -128, 127));
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeQuant.PerChannel(ones(3, 2), [0.1f, 0.1f], [0, 0], 2, -128, 127));
        Assert.Throws<ArgumentException>(() => ChannelQuantParams.FromTensor(tensor(new[] { 1f, float.NaN }).reshape(2, 1), 0, QuantScheme.Int8Symmetric));
        var observer = new MinMaxObserver();
        Assert.Throws<InvalidOperationException>(() => observer.ComputeParams());
        Assert.Throws<ArgumentException>(() => observer.Observe(tensor(new[] { 1f, float.NaN })));
        Assert.Equal(0, observer.Count); // a rejected tensor leaves the observer unchanged
        Assert.Throws<ArgumentException>(() => observer.Observe(zeros(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MovingAverageMinMaxObserver(averagingConstant: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentileObserver(percentile: 40));
    }

    [Fact]
    public void ThePercentileObserverClipsAnOutlierThatMinMaxKeeps()
    {
        using var scope = NewDisposeScope();
        var x = arange(0, 1000, dtype: ScalarType.Float32) / 1000; // 0 … 0.999
        x[500] = tensor(100f);
        var minMax = new MinMaxObserver();
        var percentile = new PercentileObserver(percentile: 99);
        minMax.Observe(x);
        percentile.Observe(x);
        Assert.Equal(100f, minMax.Max);
        // The 99th percentile of 1000 values: rank 0.99 · 999 = 989.01 between the sorted values 0.990 and 0.991.
        Assert.InRange(percentile.Max, 0.990f, 0.9911f);
        Assert.True(percentile.ComputeParams().Scale < minMax.ComputeParams().Scale / 50);
    }
}
