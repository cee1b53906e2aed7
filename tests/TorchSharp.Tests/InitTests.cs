using TorchSharp;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class InitTests
{
    private static (double mean, double std, double min, double max) Stats(Tensor t)
    {
        var v = t.ReadElements<float>().Select(x => (double)x).ToArray();
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (mean, std, v.Min(), v.Max());
    }

    [Fact]
    public void CalculateGainMatchesTheFormulas()
    {
        Assert.Equal(1.0, nn.init.calculate_gain(nn.init.NonlinearityType.Conv2D));
        Assert.Equal(5.0 / 3, nn.init.calculate_gain(nn.init.NonlinearityType.Tanh));
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain(nn.init.NonlinearityType.ReLU));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.2 * 0.2)), nn.init.calculate_gain(nn.init.NonlinearityType.LeakyReLU, 0.2), 12);
        // TorchSharp's default param is 0, so LeakyReLU defaults to the ReLU gain.
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain(nn.init.NonlinearityType.LeakyReLU));
    }

    [Fact]
    public void FansOfAConvWeightIncludeTheReceptiveField()
    {
        using var w = empty([8, 3, 5, 5]);
        Assert.Equal((75L, 200L), nn.init.CalculateFanInAndFanOut(w));
        using var v = empty([4]);
        Assert.Throws<ArgumentException>(() => nn.init.CalculateFanInAndFanOut(v));
    }

    [Fact]
    public void KaimingUniformStaysWithinItsBoundAndFillsIt()
    {
        manual_seed(1);
        using var w = empty([256, 64, 3, 3]);
        nn.init.kaiming_uniform_(w, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        var bound = Math.Sqrt(2) * Math.Sqrt(3.0 / (256 * 9));
        var (mean, std, min, max) = Stats(w);
        Assert.InRange(min, -bound, -0.99 * bound);
        Assert.InRange(max, 0.99 * bound, bound);
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.98, bound / Math.Sqrt(3) * 1.02);
        Assert.InRange(mean, -0.01 * bound, 0.01 * bound);
    }

    [Fact]
    public void KaimingNormalAndXavierHaveTheirStandardDeviations()
    {
        manual_seed(2);
        using var w = empty([512, 128]);
        nn.init.kaiming_normal_(w, nonlinearity: nn.init.NonlinearityType.ReLU);
        Assert.InRange(Stats(w).std, Math.Sqrt(2.0 / 128) * 0.98, Math.Sqrt(2.0 / 128) * 1.02);
        nn.init.xavier_normal_(w, gain: 2);
        Assert.InRange(Stats(w).std, 2 * Math.Sqrt(2.0 / 640) * 0.98, 2 * Math.Sqrt(2.0 / 640) * 1.02);
        nn.init.xavier_uniform_(w);
        var bound = Math.Sqrt(6.0 / 640);
        var s = Stats(w);
        Assert.True(s.min >= -bound && s.max <= bound);
        Assert.InRange(s.max, 0.99 * bound, bound);
    }

    [Fact]
    public void SimpleFillersAndArgumentChecks()
    {
        using var t = empty([3, 3]);
        Assert.All(nn.init.ones_(t).ReadElements<float>(), v => Assert.Equal(1f, v));
        Assert.All(nn.init.zeros_(t).ReadElements<float>(), v => Assert.Equal(0f, v));
        Assert.All(nn.init.constant_(t, 0.25).ReadElements<float>(), v => Assert.Equal(0.25f, v));
        nn.init.uniform_(t, 2, 3);
        Assert.All(t.ReadElements<float>(), v => Assert.InRange(v, 2f, 3f));
        nn.init.normal_(t, 5, 0);
        Assert.All(t.ReadElements<float>(), v => Assert.Equal(5f, v));
        Assert.Throws<ArgumentException>(() => nn.init.uniform_(t, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.init.normal_(t, 0, -1));
    }

    [Fact]
    public void InitOnAParameterDoesNotRecordAGraph()
    {
        using var lin = nn.Linear(4, 4);
        nn.init.kaiming_normal_(lin.weight);
        Assert.True(lin.weight.is_leaf);
        Assert.True(lin.weight.requires_grad);
    }

    [Fact]
    public void DefaultLayerInitializationFollowsPyTorch()
    {
        manual_seed(3);
        using var conv = nn.Conv2d(16, 64, 3);
        var fanIn = 16 * 9;
        var wBound = 1 / Math.Sqrt(fanIn); // kaiming_uniform_(a=√5): gain √(2/6), bound gain·√(3/fan_in) = 1/√fan_in
        var w = Stats(conv.weight);
        Assert.True(w.min >= -wBound && w.max <= wBound);
        Assert.InRange(w.max, 0.98 * wBound, wBound);
        var b = Stats(conv.bias!);
        Assert.True(b.min >= -wBound && b.max <= wBound);

        using var bn = nn.BatchNorm2d(5);
        Assert.All(bn.weight!.ReadElements<float>(), v => Assert.Equal(1f, v));
        Assert.All(bn.bias!.ReadElements<float>(), v => Assert.Equal(0f, v));
        Assert.All(bn.running_mean!.ReadElements<float>(), v => Assert.Equal(0f, v));
        Assert.All(bn.running_var!.ReadElements<float>(), v => Assert.Equal(1f, v));
        Assert.Equal(0L, bn.num_batches_tracked!.item<long>());
        Assert.Empty(bn.num_batches_tracked.shape);
    }
}
