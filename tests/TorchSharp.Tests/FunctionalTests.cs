using TorchSharp;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class FunctionalTests
{
    private static float[] RandomValues(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 4 - 1)).ToArray();
    }

    private static float[] V(Tensor t) => t.ReadElements<float>();

    /// <summary>Per-channel mean and (biased, unbiased) variance of [N, C, H, W] data.</summary>
    private static (double mean, double biased, double unbiased)[] ChannelStats(float[] x, int n, int c, int hw)
    {
        var result = new (double, double, double)[c];
        for (var ch = 0; ch < c; ch++)
        {
            var values = new List<double>();
            for (var i = 0; i < n; i++) for (var j = 0; j < hw; j++) values.Add(x[(i * c + ch) * hw + j]);
            var mean = values.Average();
            var ss = values.Sum(v => (v - mean) * (v - mean));
            result[ch] = (mean, ss / values.Count, ss / (values.Count - 1));
        }
        return result;
    }

    [Fact]
    public void BatchNormTrainingNormalizesWithBatchStatsAndUpdatesRunningStatsByMomentum()
    {
        const int n = 4, c = 2, hw = 9;
        var data = RandomValues(n * c * hw, 7);
        using var x = tensor(data, new long[] { n, c, 3, 3 });
        using var bn = nn.BatchNorm2d(c, momentum: 0.1);
        using var y = bn.call(x);
        var stats = ChannelStats(data, n, c, hw);
        var rm = V(bn.running_mean!);
        var rv = V(bn.running_var!);
        for (var ch = 0; ch < c; ch++)
        {
            Assert.Equal(0.1 * stats[ch].mean, rm[ch], 5);
            Assert.Equal(0.9 + 0.1 * stats[ch].unbiased, rv[ch], 5);
        }
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
        var out0 = V(y)[0];
        Assert.Equal((data[0] - stats[0].mean) / Math.Sqrt(stats[0].biased + 1e-5), out0, 4);
    }

    [Fact]
    public void BatchNormEvalUsesRunningStatsAndDoesNotCountBatches()
    {
        using var bn = nn.BatchNorm1d(2);
        bn.running_mean!.WriteElements<float>(new float[] { 1, -1 });
        bn.running_var!.WriteElements<float>(new float[] { 4, 0.25f });
        bn.weight!.WriteElements<float>(new float[] { 2, 1 });
        bn.bias!.WriteElements<float>(new float[] { 0.5f, 0 });
        bn.eval();
        using var x = tensor(new float[] { 3, 0 }, new long[] { 1, 2 });
        using var y = bn.call(x);
        var expected = new[] { (3 - 1) / Math.Sqrt(4 + 1e-5) * 2 + 0.5, (0 + 1) / Math.Sqrt(0.25 + 1e-5) };
        Assert.Equal(expected[0], V(y)[0], 5);
        Assert.Equal(expected[1], V(y)[1], 5);
        Assert.Equal(0L, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void BatchNormWithoutMomentumKeepsACumulativeAverage()
    {
        using var bn = nn.BatchNorm1d(1);
        bn.momentum = null;
        using var a = tensor(new float[] { 1, 3 }, new long[] { 2, 1 });
        using var b = tensor(new float[] { 5, 7 }, new long[] { 2, 1 });
        bn.call(a).Dispose();
        bn.call(b).Dispose();
        Assert.Equal(4f, V(bn.running_mean!)[0], 5);   // (2 + 6) / 2
        Assert.Equal(2f, V(bn.running_var!)[0], 5);    // unbiased variances 2 and 2
        Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void CrossEntropyMatchesPyTorchWithWeightsIgnoreIndexAndSmoothing()
    {
        using var x = tensor(new float[] { 1, 2, 0.5f, 0.1f, -1, 3, 2, 2, 2, 0, 1, -1 }, new long[] { 4, 3 });
        using var t = tensor(new float[] { 0, 2, 1, -100 }).to_type(ScalarType.Int64);
        using var w = tensor(new float[] { 1, 2, 0.5f });
        // Reference values from PyTorch 1.13 (torch.nn.functional.cross_entropy).
        using (var l = nn.functional.cross_entropy(x, t)) Assert.Equal(0.8779184222221375, l.item<float>(), 5);
        using (var l = nn.functional.cross_entropy(x, t, weight: w)) Assert.Equal(1.0562801361083984, l.item<float>(), 5);
        using (var l = nn.functional.cross_entropy(x, t, label_smoothing: 0.1)) Assert.Equal(0.9490295052528381, l.item<float>(), 5);
        using (var l = nn.functional.cross_entropy(x, t, reduction: nn.Reduction.None))
            Assert.Equal(new[] { 1.4643688f, 0.0707742f, 1.0986123f, 0f }, V(l), new FloatTolerance(1e-5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.cross_entropy(x, t, label_smoothing: 1.5));
    }

    [Fact]
    public void NllLossOfLogSoftmaxEqualsCrossEntropy()
    {
        using var x = tensor(new float[] { 1, 2, 0.5f, 0.1f, -1, 3, 2, 2, 2, 0, 1, -1 }, new long[] { 4, 3 });
        using var t = tensor(new float[] { 0, 2, 1, 1 }).to_type(ScalarType.Int64);
        using var logp = nn.functional.log_softmax(x, 1);
        using var l = nn.functional.nll_loss(logp, t);
        Assert.Equal(0.7603403329849243, l.item<float>(), 5);
    }

    [Fact]
    public void KlDivDefaultsToLogTargetTrueAsTorchSharpDoes()
    {
        double[] p = { 0.2, 0.3, 0.5 }, q = { 0.1, 0.6, 0.3 };
        using var input = tensor(p.Select(v => (float)Math.Log(v)).ToArray());
        using var logTarget = tensor(q.Select(v => (float)Math.Log(v)).ToArray());
        using var target = tensor(q.Select(v => (float)v).ToArray());
        // PyTorch: F.kl_div(log p, q) = F.kl_div(log p, log q, log_target=True) = 0.0644419864
        using (var l = nn.functional.kl_div(input, logTarget)) Assert.Equal(0.0644419863820076, l.item<float>(), 5);
        using (var l = nn.functional.kl_div(input, target, log_target: false)) Assert.Equal(0.0644419863820076, l.item<float>(), 5);
        using (var l = nn.functional.kl_div(input, target, log_target: false, reduction: nn.Reduction.Sum)) Assert.Equal(0.1933259516954422, l.item<float>(), 5);
        // Unlike PyTorch, passing probabilities without log_target: false treats them as log-probabilities.
        var asLog = Enumerable.Range(0, 3).Sum(i => Math.Exp(q[i]) * (q[i] - Math.Log(p[i]))) / 3;
        using (var l = nn.functional.kl_div(input, target)) Assert.Equal(asLog, l.item<float>(), 5);
    }

    [Fact]
    public void SimpleLossesMatchTheirFormulas()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 2, 0, 3 });
        using (var l = nn.functional.mse_loss(a, b)) Assert.Equal(5f / 3, l.item<float>(), 5);
        using (var l = nn.functional.l1_loss(a, b, nn.Reduction.Sum)) Assert.Equal(3f, l.item<float>(), 5);
        using (var l = nn.functional.l1_loss(a, b, nn.Reduction.None)) Assert.Equal(new float[] { 1, 2, 0 }, V(l));
    }

    [Fact]
    public void SoftmaxLogSoftmaxAndNormalize()
    {
        using var x = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var s = nn.functional.softmax(x, 1);
        var e = 1 / (1 + Math.E);
        Assert.Equal(new[] { e, 1 - e, e, 1 - e }.Select(v => (float)v), V(s), new FloatTolerance(1e-6f));
        using var ls = nn.functional.log_softmax(x, -1);
        Assert.Equal(Math.Log(e), V(ls)[0], 5);
        using var nrm = nn.functional.normalize(x, dim: 1);
        Assert.Equal(1 / Math.Sqrt(5), V(nrm)[0], 6);
        Assert.Equal(4 / 5.0, V(nrm)[3], 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.softmax(x, 2));
    }

    [Fact]
    public void ConvolutionAndPoolingComputeWhatTheyShould()
    {
        using var x = tensor(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), new long[] { 1, 1, 4, 4 });
        using var ones3 = ones([1, 1, 3, 3]);
        using var bias = tensor(new float[] { 0.5f });
        using (var y = nn.functional.conv2d(x, ones3, bias, padding: new long[] { 1 }))
        {
            Assert.Equal(new long[] { 1, 1, 4, 4 }, y.shape);
            Assert.Equal(0 + 1 + 4 + 5 + 0.5f, V(y)[0]);
            Assert.Equal(0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10 + 0.5f, V(y)[5]);
        }
        using (var y = nn.functional.max_pool2d(x, 2)) Assert.Equal(new float[] { 5, 7, 13, 15 }, V(y));
        using (var y = nn.functional.avg_pool2d(x, 2)) Assert.Equal(new float[] { 2.5f, 4.5f, 10.5f, 12.5f }, V(y));
        using (var y = nn.functional.adaptive_avg_pool2d(x, 1)) Assert.Equal(new float[] { 7.5f }, V(y));
        using var pool = nn.MaxPool2d(3, stride: 1, padding: 1);
        using (var y = pool.call(x)) Assert.Equal(new long[] { 1, 1, 4, 4 }, y.shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.MaxPool2d(0));
    }

    [Fact]
    public void Conv2dModuleChecksItsInputAndSupportsPaddingModes()
    {
        using var conv = nn.Conv2d(2, 3, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        using var x = ones([1, 2, 5, 5]);
        using (var y = conv.call(x)) Assert.Equal(new long[] { 1, 3, 5, 5 }, y.shape);
        using var same = nn.Conv2d(2, 3, 3, Padding.Same);
        using (var y = same.call(x)) Assert.Equal(new long[] { 1, 3, 5, 5 }, y.shape);
        using var bad = ones([1, 3, 5, 5]);
        var e = Assert.Throws<ArgumentException>(() => conv.call(bad));
        Assert.Contains("[1, 3, 5, 5]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.Conv2d(3, 4, 3, groups: 2));
    }

    [Fact]
    public void DropoutAndReluHandleInPlaceAndEvaluation()
    {
        using var x = tensor(new float[] { -1, 2, -3, 4 });
        using (var y = nn.functional.dropout(x, 0.5, training: false)) Assert.Equal(V(x), V(y));
        using (var y = nn.functional.relu(x, inplace: true))
        {
            Assert.Equal(new float[] { 0, 2, 0, 4 }, V(x));
            Assert.Equal(V(x), V(y));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.Dropout(1.5));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float v) => 0;
    }
}
