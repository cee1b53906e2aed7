using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class SemiStructuredSparsityTests
{
    private static float[] Values(Tensor t) => t.detach().contiguous().data<float>().ToArray();

    /// <summary>The weight's groups of M along the input dimension, read in plain C# from the values (independent of
    /// the library's own grouping): Linear [out, in]; Conv2d [out, in, kh, kw] grouped along in at each (out, kh, kw).</summary>
    private static List<float[]> GroupsByHand(Tensor weight, int m)
    {
        var v = Values(weight);
        var s = weight.shape;
        var groups = new List<float[]>();
        if (s.Length == 2)
        {
            for (var o = 0; o < s[0]; o++)
            for (var i = 0; i < s[1]; i += m)
                groups.Add(Enumerable.Range(0, m).Select(k => v[o * s[1] + i + k]).ToArray());
            return groups;
        }

        long At(long o, long i, long h, long w) => ((o * s[1] + i) * s[2] + h) * s[3] + w;
        for (var o = 0; o < s[0]; o++)
        for (var h = 0; h < s[2]; h++)
        for (var w = 0; w < s[3]; w++)
        for (var i = 0; i < s[1]; i += m)
            groups.Add(Enumerable.Range(0, m).Select(k => v[At(o, i + k, h, w)]).ToArray());
        return groups;
    }

    [Theory]
    [InlineData("2:4")]
    [InlineData("1:4")]
    [InlineData("4:8")]
    public void Every_group_of_M_keeps_its_N_largest_weights_and_zeroes_the_rest(string text)
    {
        var pattern = NMPattern.Parse(text);
        manual_seed(1);
        var model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.Flatten(), nn.Linear(16 * 24 * 24, 10));
        var modules = model.modules().ToList();
        var conv2 = modules.OfType<Conv2d>().Last();
        var linear = modules.OfType<Linear>().Single();
        var before = new[] { GroupsByHand(conv2.weight!, pattern.M), GroupsByHand(linear.weight!, pattern.M) };

        using var sparsifier = new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Conv2dAndLinear);
        var (pruned, leftDense) = sparsifier.SparsifySemiStructured(pattern);

        Assert.Equal(["2", "4"], pruned);
        Assert.Equal(["0"], leftDense);
        var after = new[] { GroupsByHand(conv2.weight!, pattern.M), GroupsByHand(linear.weight!, pattern.M) };
        for (var layer = 0; layer < 2; layer++)
        for (var g = 0; g < before[layer].Count; g++)
        {
            var original = before[layer][g];
            var kept = after[layer][g];
            Assert.True(kept.Count(x => x == 0) >= pattern.M - pattern.N, $"layer {layer} group {g}: {string.Join(", ", kept)}");
            var largest = original.Select((x, k) => (Abs: Math.Abs(x), k)).OrderByDescending(t => t.Abs).Take(pattern.N).Select(t => t.k).ToHashSet();
            for (var k = 0; k < pattern.M; k++)
                Assert.Equal(largest.Contains(k) ? original[k] : 0f, kept[k]);
        }

        Assert.Equal(0, pattern.Violations(conv2));
        Assert.Equal(0, pattern.Violations(linear));
        var report = sparsifier.Report();
        Assert.Equal(pattern.Sparsity, report.Rows.Single(r => r.Layer == "4").Sparsity, 6);
        Assert.Equal(0, report.Rows.Single(r => r.Layer == "0").Sparsity, 6);
    }

    [Fact]
    public void The_masks_keep_the_pattern_after_the_weights_change()
    {
        manual_seed(2);
        var linear = nn.Linear(8, 4);
        using var sparsifier = new Sparsifier(linear, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal, LayerTypes.Linear);
        sparsifier.SparsifySemiStructured(NMPattern.TwoFour);
        using (no_grad()) linear.weight!.add_(1); // an optimizer step, say: every weight non-zero again
        Assert.True(NMPattern.TwoFour.Violations(linear) > 0);
        sparsifier.ApplyMasks();
        Assert.Equal(0, NMPattern.TwoFour.Violations(linear));
    }

    [Fact]
    public void A_model_the_pattern_fits_nowhere_is_refused_unchanged()
    {
        manual_seed(3);
        var conv = nn.Conv2d(3, 8, 3);
        var before = Values(conv.weight!);
        using var sparsifier = new Sparsifier(conv, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal);
        var error = Assert.Throws<ArgumentException>(() => sparsifier.SparsifySemiStructured(NMPattern.TwoFour));
        Assert.Equal("pattern", error.ParamName);
        Assert.Contains("multiple of 4", error.Message);
        Assert.Equal(before, Values(conv.weight!));
        Assert.Throws<ArgumentException>(() => NMPattern.TwoFour.Violations(conv));
    }

    [Theory]
    [InlineData("2-4")]
    [InlineData("4:4")]
    [InlineData("0:4")]
    [InlineData("2:1")]
    [InlineData("2:999")]
    [InlineData(" 2:4")]
    public void Malformed_patterns_are_refused(string text) =>
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => NMPattern.Parse(text)).ParamName);

    [Fact]
    public void Pattern_values()
    {
        Assert.Equal(50, NMPattern.TwoFour.Sparsity);
        Assert.Equal(75, NMPattern.Parse("1:4").Sparsity);
        Assert.Equal(new NMPattern(4, 8), NMPattern.Parse("4:8"));
        Assert.Equal("2:4", NMPattern.TwoFour.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new NMPattern(2, 2));
    }
}
