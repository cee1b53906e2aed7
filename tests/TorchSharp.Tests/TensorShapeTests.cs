using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class TensorShapeTests
{
    private static Tensor Range(long n, params long[] shape) => arange(n, ScalarType.Float32).reshape(shape);

    [Fact]
    public void ReshapeViewFlattenSqueezeUnsqueezePermuteTranspose()
    {
        using var a = Range(24, 2, 3, 4);
        Assert.Equal(new long[] { 6, 4 }, a.reshape(-1, 4).shape);
        Assert.Equal(new long[] { 2, 12 }, a.view(2, -1).shape);
        Assert.Equal(new long[] { 24 }, a.flatten().shape);
        Assert.Equal(new long[] { 2, 12 }, a.flatten(1).shape);
        Assert.Equal(new long[] { 6, 4 }, a.flatten(0, 1).shape);
        using var u = a.unsqueeze(1);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, u.shape);
        Assert.Equal(new long[] { 2, 3, 4, 1 }, a.unsqueeze(-1).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, u.squeeze().shape);
        Assert.Equal(new long[] { 2, 3, 4 }, u.squeeze(1).shape);
        using var p = a.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        Assert.Equal(1f, p[1, 0, 0].item<float>());
        using var tr = a.transpose(0, 2);
        Assert.Equal(new long[] { 4, 3, 2 }, tr.shape);
        Assert.Equal(a[1, 2, 3].item<float>(), tr[3, 2, 1].item<float>());
        using var m = Range(6, 2, 3);
        Assert.Equal(new[] { 0f, 3, 1, 4, 2, 5 }, m.t().contiguous().Floats());
        using var e = tensor(new float[] { 1, 2 }).unsqueeze(1).expand(2, 3);
        Assert.Equal(new[] { 1f, 1, 1, 2, 2, 2 }, e.Floats());
        Assert.Equal(new long[] { 2, 3 }, tensor(new float[] { 7 }).expand_as(m).shape);
    }

    [Fact]
    public void NarrowSelectIndexSelectAndIndexing()
    {
        using var m = Range(12, 3, 4); // [[0..3],[4..7],[8..11]]
        Assert.Equal(new[] { 4f, 5, 6, 7, 8, 9, 10, 11 }, m.narrow(0, 1, 2).Floats());
        Assert.Equal(new[] { 2f, 6, 10 }, m.select(1, 2).Floats());
        using var idx = tensor(new long[] { 2, 0 });
        Assert.Equal(new[] { 8f, 9, 10, 11, 0, 1, 2, 3 }, m.index_select(0, idx).Floats());
        Assert.Equal(new[] { 4f, 5, 6, 7 }, m[1].Floats());
        Assert.Equal(6f, m[1, 2].item<float>());
        Assert.Equal(new[] { 4f, 5, 6, 7, 8, 9, 10, 11 }, m[1..3].Floats());
        Assert.Equal(new[] { 1f, 5, 9 }, m[.., 1].Floats());
        Assert.Equal(new[] { 3f, 7, 11 }, m[TensorIndex.Ellipsis, ^1].Floats());
        Assert.Equal(new[] { 0f, 2, 8, 10 }, m[TensorIndex.Slice(0, null, 2), TensorIndex.Slice(step: 2)].Floats());
        Assert.Equal(new long[] { 1, 3, 4 }, m[TensorIndex.None].shape);
        using var mask = m > 9;
        Assert.Equal(new[] { 10f, 11 }, m[mask].Floats());
        Assert.Equal(new[] { 8f, 9, 10, 11, 0, 1, 2, 3 }, m[idx].Floats());
    }

    [Fact]
    public void IndexerSettersWriteIntoTheTensor()
    {
        using var m = zeros(3, 4);
        m[1] = ones(4);
        m[.., 0] = full(3, 5f);
        m[2, 3] = tensor(7f);
        using var mask = eye3x4();
        m.index_put_(-1, TensorIndex.Tensor(mask));
        Assert.Equal(new[] { -1f, 0, 0, 0, 5, -1, 1, 1, 5, 0, -1, 7 }, m.Floats());

        static Tensor eye3x4() => tensor(new[] { true, false, false, false, false, true, false, false, false, false, true, false }, new long[] { 3, 4 });
    }

    [Fact]
    public void CatStackWhereChunkSplit()
    {
        using var a = Range(4, 2, 2);
        using var b = Range(4, 2, 2) + 10;
        Assert.Equal(new long[] { 4, 2 }, cat(new[] { a, b }).shape);
        Assert.Equal(new[] { 0f, 1, 10, 11, 2, 3, 12, 13 }, cat(new[] { a, b }, 1).Floats());
        Assert.Equal(new long[] { 2, 2, 2 }, stack(new[] { a, b }).shape);
        Assert.Equal(new long[] { 2, 2, 2 }, stack(new List<Tensor> { a, b }, 2).shape);
        using var cond = a > 1;
        Assert.Equal(new[] { 10f, 11, 2, 3 }, where(cond, a, b).Floats());
        var chunks = Range(10, 10).chunk(3);
        Assert.Equal(new long[] { 4, 4, 2 }, chunks.Select(c => c.shape[0]).ToArray());
        var pieces = Range(10, 10).split(new long[] { 3, 7 });
        Assert.Equal(new[] { 3f, 4, 5, 6, 7, 8, 9 }, pieces[1].Floats());
        Assert.Equal(4, Range(10, 10).split(3).Length);
    }

    [Fact]
    public void TopkKthvalueSortArgsort()
    {
        using var v = tensor(new float[] { 5, 1, 4, 2, 3 });
        var (values, indexes) = v.topk(2);
        Assert.Equal(new[] { 5f, 4 }, values.Floats());
        Assert.Equal(new long[] { 0, 2 }, indexes.Longs());
        var (small, _) = v.topk(2, largest: false);
        Assert.Equal(new[] { 1f, 2 }, small.Floats());
        var (kth, kthIndex) = v.kthvalue(2, 0);
        Assert.Equal(2f, kth.item<float>());
        Assert.Equal(3L, kthIndex.item<long>());
        var (sorted, order) = v.sort(descending: true);
        Assert.Equal(new[] { 5f, 4, 3, 2, 1 }, sorted.Floats());
        Assert.Equal(new long[] { 0, 2, 4, 3, 1 }, order.Longs());
        Assert.Equal(new long[] { 1, 3, 4, 2, 0 }, v.argsort().Longs());
    }

    [Fact]
    public void MatrixProductsAndSvd()
    {
        using var a = Range(6, 2, 3);
        using var b = Range(6, 3, 2);
        Assert.Equal(new[] { 10f, 13, 28, 40 }, a.mm(b).Floats());
        Assert.Equal(new[] { 10f, 13, 28, 40 }, a.matmul(b).Floats());
        using var ba = a.unsqueeze(0).expand(4, 2, 3);
        using var bb = b.unsqueeze(0).expand(4, 3, 2);
        using var bp = ba.bmm(bb);
        Assert.Equal(new long[] { 4, 2, 2 }, bp.shape);
        using var m = tensor(new float[] { 3, 1, 2, 4, 0, 5 }, new long[] { 3, 2 });
        var (u, s, vh) = linalg.svd(m, fullMatrices: false);
        Assert.Equal(new long[] { 3, 2 }, u.shape);
        Assert.Equal(new long[] { 2, 2 }, vh.shape);
        // /usr/bin/python3: torch.linalg.svd(torch.tensor([[3.,1.],[2.,4.],[0.,5.]]), full_matrices=False).S
        TensorTestValues.Near(new[] { 6.760196685791016, 3.0495452880859375 }, s.Doubles(), 1e-5);
        using var rebuilt = (u * s).mm(vh);
        Assert.True(rebuilt.allclose(m, atol: 1e-5));
        var (uf, _, vhf) = linalg.svd(m);
        Assert.Equal(new long[] { 3, 3 }, uf.shape);
        Assert.Equal(new long[] { 2, 2 }, vhf.shape);
    }

    [Fact]
    public void RandomFillsAndRandperm()
    {
        manual_seed(3);
        using var u = empty(2000).uniform_(-2, 3);
        var uv = u.Floats();
        Assert.All(uv, v => Assert.InRange(v, -2f, 3f));
        Assert.InRange(uv.Average(), 0.3, 0.7);
        using var n = empty(4000).normal_(10, 2);
        var nv = n.Floats();
        Assert.InRange(nv.Average(), 9.8, 10.2);
        using var b = empty(4000).bernoulli_(0.25);
        Assert.InRange(b.Floats().Average(), 0.2, 0.3);
        using var p = randperm(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), p.Longs().OrderBy(x => x));
        // /usr/bin/python3: torch.manual_seed(1); torch.randperm(5)
        manual_seed(1);
        Assert.Equal(new long[] { 0, 4, 2, 3, 1 }, randperm(5).Longs());
    }
}
