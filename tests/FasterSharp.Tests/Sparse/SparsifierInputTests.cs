using FasterSharp.Models;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

/// <summary>Weights that cannot be ranked are refused before any mask changes, and a disposed model is named as such.</summary>
public class SparsifierInputTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("global")]
    public void NaNWeightsAreRefusedByLayerNameWithNothingPruned(string context)
    {
        manual_seed(8);
        var model = SmallCnns.PruningNet();
        using (no_grad()) ((Conv2d)model[4]).weight![3, 2, 1, 1] = float.NaN;   // conv2
        var before = LearnerFixtures.Snapshot(model);
        using var sparsifier = new Sparsifier(model, "weight", context, "large_final");

        var e = Assert.Throws<InvalidOperationException>(() => sparsifier.SparsifyModel(50));

        Assert.Contains("layer 'conv2'", e.Message);
        Assert.Contains("1 of 25000 groups", e.Message);
        Assert.All(sparsifier.Layers, l => Assert.Null(sparsifier.MaskOf(l.Layer)));
        var after = LearnerFixtures.Snapshot(model);
        foreach (var (key, values) in before)
            Assert.True(values.Zip(after[key]).All(p => p.First.Equals(p.Second)), $"{key} changed");
    }

    [Fact]
    public void ASparsifierWhoseLayersWerePrunedAwayRefusesToGoOnMaskingTheOldTensors()
    {
        manual_seed(9);
        var model = SmallCnns.PruningNet();
        using var sparsifier = new Sparsifier(model, "filter", "local", "large_final");
        sparsifier.SparsifyModel(30);
        model.eval();
        FasterSharp.Prune.Pruner.RemoveZeroFilters(model, randn(2, 1, 28, 28));

        var e = Assert.Throws<InvalidOperationException>(() => sparsifier.ApplyMasks());
        Assert.Contains("layer 'conv1' was replaced", e.Message);
        Assert.Throws<InvalidOperationException>(() => sparsifier.SparsifyModel(40));
    }

    [Fact]
    public void AReportOfADisposedModelIsAnObjectDisposedException()
    {
        var model = SmallCnns.PruningNet();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => SparsityReport.Of(model));
    }
}
