using FasterSharp.Prune;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class DataCriteriaTests
{
    private static float[] Values(Tensor t) => t.detach().contiguous().to_type(ScalarType.Float32).data<float>().ToArray();

    private static (Sequential Model, Linear Linear) LinearModel()
    {
        manual_seed(11);
        var linear = nn.Linear(3, 2);
        return (nn.Sequential(("fc", linear)), linear);
    }

    [Fact]
    public void Wanda_scores_a_Linear_weight_by_its_magnitude_times_the_input_feature_norm_over_all_batches()
    {
        var (model, linear) = LinearModel();
        var x1 = tensor(new float[] { 1, -2, 0.5f, 3, 0, -1 }, [2, 3]);
        var x2 = tensor(new float[] { -1, 4, 2 }, [1, 3]);
        var wanda = Criteria.Wanda(model, [x1, x2]);

        var rows = new[] { new[] { 1.0, -2, 0.5 }, new[] { 3.0, 0, -1 }, new[] { -1.0, 4, 2 } };
        var norms = Enumerable.Range(0, 3).Select(i => Math.Sqrt(rows.Sum(r => r[i] * r[i]))).ToArray();
        var w = Values(linear.weight!);
        var expected = w.Select((v, k) => Math.Abs(v) * norms[k % 3]).ToArray();
        var scores = Values(wanda.ElementScores(linear.weight!.detach(), layer: "fc"));
        Assert.Equal(expected.Length, scores.Length);
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], scores[k], 4);
        Assert.True(wanda.IsLayerAware);
    }

    [Fact]
    public void Wanda_on_a_convolution_uses_each_input_channels_norm_over_images_and_positions()
    {
        manual_seed(12);
        var conv = nn.Conv2d(2, 3, 1);
        var model = nn.Sequential(("conv", conv));
        var x = arange(16, dtype: ScalarType.Float32).reshape(2, 2, 2, 2).sub(7); // [N=2, C=2, 2, 2]
        var v = Values(x);
        double Norm(int c) => Math.Sqrt(Enumerable.Range(0, 2).SelectMany(n => Enumerable.Range(0, 4).Select(p => (double)v[n * 8 + c * 4 + p])).Sum(a => a * a));
        var wanda = Criteria.Wanda(model, [x]);
        var w = Values(conv.weight!); // [3, 2, 1, 1]
        var scores = Values(wanda.ElementScores(conv.weight!.detach(), layer: "conv"));
        for (var k = 0; k < 6; k++) Assert.Equal(Math.Abs(w[k]) * Norm(k % 2), scores[k], 3);
    }

    [Fact]
    public void Taylor_is_the_sum_over_batches_of_the_absolute_weight_times_gradient()
    {
        var (model, linear) = LinearModel();
        var x1 = tensor(new float[] { 1, -2, 0.5f, 3, 0, -1 }, [2, 3]);
        var x2 = tensor(new float[] { -1, 4, 2 }, [1, 3]);
        var noTarget = zeros(1);
        // With L = Σ outputs, ∂L/∂W[o, i] = Σ_n x[n, i] for every o: |W[o, i] · Σ_n x[n, i]| per batch, then summed.
        var taylor = Criteria.Taylor(model, [(x1, noTarget), (x2, noTarget)], (prediction, _) => prediction.sum());
        var w = Values(linear.weight!);
        double[] columnSums1 = [4, -2, -0.5], columnSums2 = [-1, 4, 2];
        var scores = Values(taylor.ElementScores(linear.weight!.detach(), layer: "fc"));
        for (var k = 0; k < 6; k++)
            Assert.Equal(Math.Abs(w[k] * columnSums1[k % 3]) + Math.Abs(w[k] * columnSums2[k % 3]), scores[k], 4);
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void The_Sparsifier_and_the_Pruner_prune_by_Wanda_scores()
    {
        var (model, linear) = LinearModel();
        // Feature 0 carries activations 100× larger: its weights outrank larger weights on the other features.
        var x = tensor(new float[] { 100, 1, 1, -100, 1, -1 }, [2, 3]);
        var wanda = Criteria.Wanda(model, [x]);
        var w = Values(linear.weight!);
        var norms = new[] { Math.Sqrt(20000), Math.Sqrt(2), Math.Sqrt(2) };
        var ranked = w.Select((v, k) => (Score: Math.Abs(v) * norms[k % 3], k)).OrderBy(t => t.Score).Select(t => t.k).ToList();
        using (var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, wanda, LayerTypes.Linear))
            sparsifier.SparsifyModel(50);
        var after = Values(linear.weight!);
        Assert.All(ranked.Take(3), k => Assert.Equal(0f, after[k]));
        Assert.All(ranked.Skip(3), k => Assert.Equal(w[k], after[k]));

        manual_seed(13);
        var net = nn.Sequential(("conv1", nn.Conv2d(1, 8, 3, padding: 1)), ("relu", nn.ReLU()), ("conv2", nn.Conv2d(8, 4, 3, padding: 1)),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4, 2)));
        var sample = randn(4, 1, 6, 6);
        var result = Pruner.PruneFilters(net, sample, 50, Criteria.Wanda(net, [sample]));
        Assert.Equal(4, ((Conv2d)net.named_modules().Single(m => m.name == "conv1").module).out_channels);
        Assert.True(result.ChannelsRemoved >= 4);
    }

    [Fact]
    public void A_criterion_measured_on_one_model_names_the_layer_it_has_no_data_for()
    {
        var (model, _) = LinearModel();
        var wanda = Criteria.Wanda(model, [ones(1, 3)]);
        var other = nn.Sequential(("head", nn.Linear(3, 2)));
        var error = Assert.Throws<ArgumentException>(() => new Sparsifier(other, Granularity.Weight, SparsityContext.Local, wanda, LayerTypes.Linear).SparsifyModel(50));
        Assert.Contains("'head'", error.Message);
        Assert.Throws<ArgumentException>(() => wanda.ElementScores(ones(2, 3)));
    }

    [Fact]
    public void Bad_calibration_is_refused()
    {
        var (model, _) = LinearModel();
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Criteria.Wanda(model, [])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Criteria.Wanda(model, [ones(1, 5)])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Criteria.Wanda(model, [full(1, 3, float.NaN)])).ParamName);
        Assert.Throws<ArgumentNullException>(() => Criteria.Wanda(model, [null!]));
        Assert.Equal("batches", Assert.Throws<ArgumentException>(() => Criteria.Taylor(model, [])).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => Criteria.Wanda(nn.Sequential(nn.ReLU()), [ones(1, 3)])).ParamName);
    }

    [Fact]
    public void A_model_that_is_itself_a_layer_is_measured_too()
    {
        // The calibration runs the model through call(), so the hooks on the model itself fire (forward() would skip them).
        manual_seed(12);
        var linear = nn.Linear(2, 1, hasBias: false);
        using (no_grad()) linear.weight!.copy_(tensor(new float[] { 0.4f, -2 }, [1, 2]));
        var wanda = Criteria.Wanda(linear, [tensor(new float[] { 3, 0.5f, 4, 0 }, [2, 2])]);
        Assert.Equal([2f, 1f], Values(wanda.ElementScores(linear.weight!.detach(), layer: "")), new FloatTolerance(1e-5f));
        var taylor = Criteria.Taylor(linear, [(tensor(new float[] { 3, 0.5f }, [1, 2]), tensor(new float[] { 1 }, [1]))],
            (prediction, target) => prediction.reshape(-1).sub(target).square().sum());
        // L = (0.4·3 − 2·0.5 − 1)² = 0.64; ∂L/∂w = 2·(−0.8)·x = (−4.8, −0.8); |w · ∂L/∂w| = (1.92, 1.6).
        Assert.Equal([1.92f, 1.6f], Values(taylor.ElementScores(linear.weight!.detach(), layer: "")), new FloatTolerance(1e-5f));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
