using static TorchSharp.torch;
using static TorchSharp.Tests.TensorTestValues;

namespace TorchSharp.Tests;

public class TensorMathTests
{
    private static Tensor Vec(params float[] values) => tensor(values);

    [Fact]
    public void AddSubMulDivWithTensorsAndScalarsMatchHandComputedValues()
    {
        using var a = Vec(1, 2, 3);
        using var b = Vec(4, 5, 6);
        Assert.Equal(new[] { 9f, 12, 15 }, a.add(b, 2).Floats());
        Assert.Equal(new[] { 11f, 12, 13 }, a.add(10).Floats());
        Assert.Equal(new[] { 21f, 22, 23 }, a.add(10, 2).Floats());
        Assert.Equal(new[] { -3f, -3, -3 }, a.sub(b).Floats());
        Assert.Equal(new[] { 0f, 1, 2 }, a.sub(1).Floats());
        Assert.Equal(new[] { 4f, 10, 18 }, a.mul(b).Floats());
        Assert.Equal(new[] { 0.25f, 0.4f, 0.5f }, a.div(b).Floats());
        Assert.Equal(new[] { 0.5f, 1, 1.5f }, a.div(2).Floats());
    }

    [Fact]
    public void OperatorsAcceptTensorsAndNumbersOnBothSides()
    {
        using var a = Vec(1, 2, 4);
        Assert.Equal(new[] { 3f, 4, 6 }, (a + 2).Floats());
        Assert.Equal(new[] { 3f, 4, 6 }, (2 + a).Floats());
        Assert.Equal(new[] { 9f, 8, 6 }, (10 - a).Floats());
        Assert.Equal(new[] { -1f, 0, 2 }, (a - 2.0).Floats());
        Assert.Equal(new[] { 2f, 4, 8 }, (a * 2f).Floats());
        Assert.Equal(new[] { 2f, 4, 8 }, (2L * a).Floats());
        Assert.Equal(new[] { 4f, 2, 1 }, (4 / a).Floats());
        Assert.Equal(new[] { 0.5f, 1, 2 }, (a / 2).Floats());
        Assert.Equal(new[] { -1f, -2, -4 }, (-a).Floats());
        Assert.Equal(new[] { 2f, 4, 8 }, (a + a).Floats());
        Assert.Equal(new[] { 1f, 1, 1 }, (a / a).Floats());
    }

    [Fact]
    public void IntegerDivisionGivesFloatUnlessARoundingModeIsGiven()
    {
        using var a = tensor(new long[] { 7, -7 });
        using var q = a.div(2);
        Assert.Equal(ScalarType.Float32, q.dtype);
        Assert.Equal(new[] { 3.5f, -3.5f }, q.Floats());
        Assert.Equal(new long[] { 3, -3 }, a.div(2, RoundingMode.trunc).Longs());
        Assert.Equal(new long[] { 3, -4 }, a.div(2, RoundingMode.floor).Longs());
    }

    [Fact]
    public void InPlaceOpsChangeTheTensorAndReturnIt()
    {
        using var a = Vec(1, 2, 3);
        using var b = Vec(1, 1, 1);
        Assert.Same(a, a.add_(b, 3));
        Assert.Equal(new[] { 4f, 5, 6 }, a.clone().Floats());
        a.sub_(1).mul_(2).div_(2).add_(1);
        Assert.Equal(new[] { 4f, 5, 6 }, a.clone().Floats());
        a.mul_(b).sub_(b).div_(Vec(1, 2, 5));
        Assert.Equal(new[] { 3f, 2, 1 }, a.clone().Floats());
        a.zero_();
        Assert.Equal(new[] { 0f, 0, 0 }, a.clone().Floats());
        a.fill_(2.5);
        Assert.Equal(new[] { 2.5f, 2.5f, 2.5f }, a.clone().Floats());
    }

    [Fact]
    public void AddcmulAddcdivAndLerpFollowTheirFormulas()
    {
        using var p = Vec(1, 2, 3);
        using var t1 = Vec(2, 4, 6);
        using var t2 = Vec(4, 2, 1);
        p.addcmul_(t1, t2, 0.5);   // p + 0.5 * t1 * t2 = [5, 6, 6]
        Assert.Equal(new[] { 5f, 6, 6 }, p.clone().Floats());
        p.addcdiv_(t1, t2, -2);    // p - 2 * t1 / t2 = [4, 2, -6]
        Assert.Equal(new[] { 4f, 2, -6 }, p.clone().Floats());
        p.lerp_(Vec(0, 0, 0), 0.25); // p + 0.25 (0 - p) = 0.75 p
        Assert.Equal(new[] { 3f, 1.5f, -4.5f }, p.clone().Floats());
        using var w = Vec(0, 0.5f, 1);
        Assert.Equal(new[] { 3f, 0.75f, 0 }, p.lerp(Vec(0, 0, 0), w).Floats());
    }

    [Fact]
    public void PointwiseFunctionsMatchMathDouble()
    {
        var x = new[] { 0.5, 1.0, 2.0, 4.0 };
        using var t = tensor(x);
        Near(x.Select(v => Math.Sqrt(v)).ToArray(), t.sqrt().Doubles());
        Near(x.Select(v => Math.Exp(v)).ToArray(), t.exp().Doubles());
        Near(x.Select(v => Math.Log(v)).ToArray(), t.log().Doubles());
        Near(x.Select(v => Math.Pow(v, 1.5)).ToArray(), t.pow(1.5).Doubles());
        Near(x.Select(v => Math.Pow(v, v)).ToArray(), t.pow(t).Doubles());
        Near(x.Select(v => 1 / Math.Sqrt(v)).ToArray(), t.rsqrt().Doubles());
        Near(x.Select(v => v * v).ToArray(), t.square().Doubles());
        using var s = tensor(new[] { -2.5, 0, 3 });
        Near(new[] { 2.5, 0, 3 }, s.abs().Doubles());
        Near(new[] { -1.0, 0, 1 }, s.sign().Doubles());
        Near(new[] { 2.5, 0, -3 }, s.neg().Doubles());
        using var r = s.clone();
        r.abs_().sqrt_();
        Near(new[] { Math.Sqrt(2.5), 0, Math.Sqrt(3) }, r.clone().Doubles());
    }

    [Fact]
    public void ClampMaximumMinimumAndMaskedFill()
    {
        using var a = Vec(-2, 0.5f, 3);
        Assert.Equal(new[] { -1f, 0.5f, 1 }, a.clamp(-1, 1).Floats());
        Assert.Equal(new[] { 0f, 0.5f, 3 }, a.clamp(min: 0).Floats());
        Assert.Equal(new[] { -2f, 0.5f, 2 }, a.clamp(max: 2).Floats());
        using var b = Vec(0, 0, 0);
        Assert.Equal(new[] { 0f, 0.5f, 3 }, a.maximum(b).Floats());
        Assert.Equal(new[] { -2f, 0, 0 }, a.minimum(b).Floats());
        using var mask = tensor(new[] { true, false, true });
        Assert.Equal(new[] { 9f, 0.5f, 9 }, a.masked_fill(mask, 9).Floats());
        using var c = a.clone();
        c.clamp_(0, 1);
        Assert.Equal(new[] { 0f, 0.5f, 1 }, c.clone().Floats());
        c.masked_fill_(mask, -1);
        Assert.Equal(new[] { -1f, 0.5f, -1 }, c.clone().Floats());
        Assert.Throws<ArgumentException>(() => a.clamp((Scalar?)null, null));
    }

    [Fact]
    public void CloneDetachCopyAndConversions()
    {
        using var a = Vec(1.5f, -2.5f);
        using var c = a.clone();
        c.add_(1);
        Assert.Equal(new[] { 1.5f, -2.5f }, a.clone().Floats());
        using var d = a.detach();
        d.add_(1); // shares storage
        Assert.Equal(new[] { 2.5f, -1.5f }, a.clone().Floats());
        using var e = zeros(2);
        e.copy_(a);
        Assert.Equal(new[] { 2.5f, -1.5f }, e.clone().Floats());
        using var l = a.to(ScalarType.Int64);
        Assert.Equal(ScalarType.Int64, l.dtype);
        Assert.Equal(new long[] { 2, -1 }, l.Longs());
        using var same = a.to_type(ScalarType.Float32);
        Assert.True(a.is_same(same) || same.dtype == ScalarType.Float32);
        using var cont = a.contiguous();
        Assert.Equal(new long[] { 2 }, cont.shape);
    }

    [Fact]
    public void InPlaceOpsKeepAutogradWorking()
    {
        using var w = tensor(new[] { 1f, 2f }, requires_grad: true);
        using var y = (w * w * 3).sum();
        y.backward();
        using var g = w.grad!;
        Assert.Equal(new[] { 6f, 12f }, g.clone().Floats());
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => w.add_(1));
        using (no_grad()) w.add_(1);
        Assert.Equal(new[] { 2f, 3f }, w.detach().Floats());
    }
}
