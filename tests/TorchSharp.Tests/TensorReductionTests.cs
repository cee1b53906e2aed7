using static TorchSharp.torch;
using static TorchSharp.Tests.TensorTestValues;

namespace TorchSharp.Tests;

public class TensorReductionTests
{
    // [[1, 2, 3], [4, 5, 6]]
    private static Tensor M() => tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });

    [Fact]
    public void ComparisonsGiveBoolTensorsForTensorsScalarsAndOperators()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 3, 2, 1 });
        Assert.Equal(new[] { false, true, false }, a.eq(b).Bools());
        Assert.Equal(new[] { true, false, true }, a.ne(b).Bools());
        Assert.Equal(new[] { false, false, true }, a.gt(b).Bools());
        Assert.Equal(new[] { false, true, true }, a.ge(2).Bools());
        Assert.Equal(new[] { true, false, false }, a.lt(2).Bools());
        Assert.Equal(new[] { true, true, false }, a.le(b).Bools());
        using var eq = a == b;
        Assert.Equal(ScalarType.Bool, eq.dtype);
        Assert.Equal(new[] { false, true, false }, eq.Bools());
        Assert.Equal(new[] { true, false, true }, (a != 2).Bools());
        Assert.Equal(new[] { false, false, true }, (a > 2).Bools());
        Assert.Equal(new[] { true, false, false }, (2 > a).Bools());
        Assert.Equal(new[] { true, true, false }, (a <= 2).Bools());
        Assert.Equal(new[] { false, true, true }, (a >= b).Bools());
        Assert.True(a.Equals(a.clone()));
        Assert.False(a.Equals(b));
        Assert.False(a.Equals((object)a.clone())); // Equals(object) keeps reference identity
        Assert.True(a.allclose(a + 1e-9));
        Assert.False(a.allclose(b));
    }

    [Fact]
    public void SumMeanAndProdOverAllElementsAndDimensions()
    {
        using var m = M();
        Assert.Equal(21f, m.sum().item<float>());
        Assert.Equal(new[] { 5f, 7, 9 }, m.sum(0).Floats());
        Assert.Equal(new[] { 6f, 15 }, m.sum(-1).Floats());
        using var kept = m.sum(1, keepdim: true);
        Assert.Equal(new long[] { 2, 1 }, kept.shape);
        Assert.Equal(21f, m.sum(0, 1).item<float>());
        Assert.Equal(3.5f, m.mean().item<float>());
        Assert.Equal(new[] { 2f, 5 }, m.mean(new long[] { 1 }).Floats());
        Assert.Equal(720f, m.prod().item<float>());
        Assert.Equal(new[] { 4f, 10, 18 }, m.prod(0).Floats());
        using var ints = tensor(new[] { 1, 2, 3 });
        using var s = ints.sum();
        Assert.Equal(ScalarType.Int64, s.dtype);
        Assert.Equal(6L, s.item<long>());
    }

    [Fact]
    public void MaxMinAndArgmaxReturnValuesAndIndices()
    {
        using var m = tensor(new float[] { 1, 9, 3, 7, 5, 2 }, new long[] { 2, 3 });
        Assert.Equal(9f, m.max().item<float>());
        Assert.Equal(1f, m.min().item<float>());
        var (values, indexes) = m.max(1);
        Assert.Equal(new[] { 9f, 7 }, values.Floats());
        Assert.Equal(new long[] { 1, 0 }, indexes.Longs());
        var (minValues, minIndexes) = m.min(0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, minValues.shape);
        Assert.Equal(new[] { 1f, 5, 2 }, minValues.Floats());
        Assert.Equal(new long[] { 0, 1, 1 }, minIndexes.Longs());
        Assert.Equal(1L, m.argmax().item<long>());
        Assert.Equal(new long[] { 1, 0 }, m.argmax(1).Longs());
        Assert.Equal(new long[] { 0, 2 }, m.argmin(-1).Longs());
    }

    [Fact]
    public void StdVarAndNormMatchTheirFormulas()
    {
        var x = new double[] { 2, 4, 4, 4, 5, 5, 7, 9 };
        var mean = x.Average();
        var ss = x.Sum(v => (v - mean) * (v - mean));
        using var t = tensor(x);
        Near(new[] { Math.Sqrt(ss / (x.Length - 1)) }, t.std().Doubles());
        Near(new[] { ss / x.Length }, t.var(unbiased: false).Doubles());
        Near(new[] { Math.Sqrt(x.Sum(v => v * v)) }, t.norm().Doubles());
        Near(new[] { x.Sum(Math.Abs) }, t.norm(1f).Doubles());
        using var m = t.reshape(2, 4);
        Near(new[] { Math.Sqrt(4 + 16 + 16 + 16), Math.Sqrt(25 + 25 + 49 + 81) }, m.norm(1).Doubles());
        var row0 = x.Take(4).ToArray();
        var m0 = row0.Average();
        Near(new[] { row0.Sum(v => (v - m0) * (v - m0)) / 3 }, m.var(1).Doubles().Take(1).ToArray());
        Assert.Equal(new long[] { 2, 1 }, m.std(new long[] { 1 }, keepdim: true).shape);
    }

    [Fact]
    public void CountNonzeroAllAndAny()
    {
        using var m = tensor(new float[] { 0, 1, 2, 0, 0, 3 }, new long[] { 2, 3 });
        Assert.Equal(3L, m.count_nonzero().item<long>());
        Assert.Equal(new long[] { 2, 1 }, m.count_nonzero(new long[] { 1 }).Longs());
        Assert.False(m.all().item<bool>());
        Assert.True(m.any().item<bool>());
        Assert.Equal(new[] { false, true, true }, m.any(0).Bools());
        Assert.Equal(new[] { false, false }, m.all(1).Bools());
    }

    [Fact]
    public void OutOfRangeDimensionsAreRejectedBeforeTheCall()
    {
        using var m = M();
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => m.sum(2)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => m.max(-3)).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => m.mean(new long[] { 5 })).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.argmax(7));
    }
}
