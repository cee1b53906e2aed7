using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class TensorCreationTests
{
    [Fact]
    public void FactoriesMakeTheRequestedShapeTypeAndValues()
    {
        using var z = zeros(2, 3);
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.All(z.Floats(), v => Assert.Equal(0f, v));
        using var o = ones(new long[] { 4 }, ScalarType.Int64);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, o.Longs());
        using var e = empty(1, 2, 3, 4);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, e.shape);
        using var f = full(2, 2, 7);
        Assert.Equal(ScalarType.Int64, f.dtype);
        using var ff = full(new long[] { 3 }, 1.5);
        Assert.Equal(ScalarType.Float32, ff.dtype);
        Assert.Equal(new[] { 1.5f, 1.5f, 1.5f }, ff.Floats());
        using var g = zeros(3, requires_grad: true);
        Assert.True(g.requires_grad);
    }

    [Fact]
    public void ArangeAndLinspaceFollowTorchSharpTypeRules()
    {
        using var a = arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.Longs());
        using var b = arange(1, 2, 0.25);
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.Equal(new[] { 1f, 1.25f, 1.5f, 1.75f }, b.Floats());
        using var c = arange(10, 0, -3);
        Assert.Equal(new long[] { 10, 7, 4, 1 }, c.Longs());
        using var l = linspace(0, 1, 5);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, l.Floats());
        Scalar zeroStep = 0;
        Assert.Throws<ArgumentException>(() => arange(0, 5, zeroStep));
    }

    [Fact]
    public void RandomFactoriesAreSeededAndInRange()
    {
        manual_seed(42);
        using var r1 = rand(1000);
        manual_seed(42);
        using var r2 = rand(1000);
        var v1 = r1.Floats();
        Assert.Equal(v1, r2.Floats());
        Assert.All(v1, v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(v1.Average(), 0.45, 0.55);
        using var n = randn(100, 100);
        var nv = n.Floats();
        Assert.InRange(nv.Average(), -0.05, 0.05);
        Assert.InRange(Math.Sqrt(nv.Select(x => (double)x * x).Average()), 0.95, 1.05);
        using var i = randint(3, 7, new long[] { 500 });
        Assert.Equal(ScalarType.Int64, i.dtype);
        var iv = i.Longs();
        Assert.All(iv, v => Assert.InRange(v, 3L, 6L));
        Assert.Equal(4, iv.Distinct().Count());
    }

    [Fact]
    public void PyTorchSeedGivesTheSameRandomNumbers()
    {
        // /usr/bin/python3 -c "import torch; torch.manual_seed(0); print(torch.rand(3).tolist(), torch.randn(2).tolist())"
        manual_seed(0);
        using var r = rand(3);
        using var n = randn(2);
        TensorTestValues.Near(new[] { 0.49625658988952637, 0.7682217955589294, 0.08847743272781372 }, r.Doubles(), 1e-6);
        TensorTestValues.Near(new[] { 0.3643381893634796, 0.13439632952213287 }, n.Doubles(), 1e-6);
    }

    [Fact]
    public void LikeFactoriesCopyShapeAndType()
    {
        using var a = ones(new long[] { 2, 5 }, ScalarType.Float64);
        using var z = zeros_like(a);
        Assert.Equal(new long[] { 2, 5 }, z.shape);
        Assert.Equal(ScalarType.Float64, z.dtype);
        using var o = a.ones_like(ScalarType.Int32);
        Assert.Equal(ScalarType.Int32, o.dtype);
        using var f = full_like(a, 3);
        Assert.All(f.Doubles(), v => Assert.Equal(3.0, v));
        using var r = a.randint_like(0, 2);
        Assert.All(r.Doubles(), v => Assert.True(v == 0 || v == 1));
        using var rn = randn_like(a);
        Assert.Equal(a.shape, rn.shape);
    }

    [Fact]
    public void TensorFromArraysKeepsValuesShapeAndNaturalType()
    {
        using var f = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, f.shape);
        Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, f.Floats());
        using var d = tensor(new double[] { 1.25 });
        Assert.Equal(ScalarType.Float64, d.dtype);
        using var l = tensor(new long[] { long.MaxValue, -1 });
        Assert.Equal(new[] { long.MaxValue, -1 }, l.data<long>().ToArray());
        using var i = tensor(new int[] { 7 }, ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, i.dtype);
        using var b = tensor(new byte[] { 255, 0 });
        Assert.Equal(ScalarType.Byte, b.dtype);
        using var bo = tensor(new[] { true, false });
        Assert.Equal(new[] { true, false }, bo.data<bool>().ToArray());
        using var m = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new long[] { 2, 3 }, m.shape);
        Assert.Equal(6f, m.data<float>()[1, 2]);
        using var list = tensor(new List<long> { 1, 2, 3, 4 }, 2, 2);
        Assert.Equal(new long[] { 2, 2 }, list.shape);
        using var rg = tensor(new float[] { 1 }, requires_grad: true);
        Assert.True(rg.requires_grad);
    }

    [Fact]
    public void TensorFromScalarsIsZeroDimensional()
    {
        using var f = tensor(2.5f);
        Assert.Empty(f.shape);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(2.5f, f.item<float>());
        using var d = tensor(2.5);
        Assert.Equal(2.5, d.item<double>());
        using var l = tensor(3L);
        Assert.Equal(3L, l.item<long>());
        using var i = tensor(3);
        Assert.Equal(ScalarType.Int32, i.dtype);
        using var b = tensor(true);
        Assert.True(b.item<bool>());
        using var dd = tensor(1.0, ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, dd.dtype);
    }

    [Fact]
    public void BadShapesAndDataAreArgumentErrorsNamingTheParameter()
    {
        Assert.Equal("size", Assert.Throws<ArgumentException>(() => zeros(2, -1)).ParamName);
        Assert.Equal("size", Assert.Throws<ArgumentNullException>(() => ones((long[])null!)).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 })).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentException>(() => tensor(new float[] { 1 }, new long[] { -1, -1 })).ParamName);
        Assert.Equal("rawArray", Assert.Throws<ArgumentNullException>(() => tensor((float[])null!)).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentException>(() => randint(5, 5, new long[] { 2 })).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => linspace(0, 1, -2)).ParamName);
    }
}
