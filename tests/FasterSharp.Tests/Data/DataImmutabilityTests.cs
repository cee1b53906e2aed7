using FasterSharp.Data;

namespace FasterSharp.Tests.Data;

public class DataImmutabilityTests
{
    [Fact]
    public void NormalizationCopiesItsArraysSoLaterChangesCannotBypassValidation()
    {
        var mean = new[] { 0.5 };
        var std = new[] { 0.25 };
        var norm = new Normalization(mean, std);
        mean[0] = double.NaN;
        std[0] = 0;
        Assert.Equal(0.5, norm.Mean[0]);
        Assert.Equal(0.25, norm.Std[0]);
        // The shared statistics are read-only (ImmutableArray has no setter), so one notebook cell cannot poison
        // every later Fashion-MNIST batch.
        Assert.Equal(0.2860, Normalization.FashionMnist.Mean[0]);
        Assert.True(Normalization.FashionMnist.Mean.GetType().IsValueType); // ImmutableArray<double>, not double[]
    }

    [Fact]
    public void ImageDatasetCopiesLabelsPixelsAndClassNames()
    {
        var pixels = new byte[] { 1, 2 };
        var labels = new long[] { 0, 1 };
        var names = new List<string> { "a", "b" };
        var ds = new ImageDataset(pixels, labels, 1, 1, 1, names);
        pixels[0] = 99;
        labels[0] = 7;
        names.Clear();
        Assert.Equal(new byte[] { 1, 2 }, ds.Pixels);
        Assert.Equal(new long[] { 0, 1 }, ds.Labels);
        Assert.Equal(["a", "b"], ds.ClassNames);
        var e = Assert.Throws<ArgumentException>(() => new ImageDataset([1], [0], 1, 1, 1, ["a", null!]));
        Assert.Contains("class name 1 is null", e.Message);
    }

    [Fact]
    public void ADataLoaderCopiesItsAugmentationList()
    {
        var augmentations = new List<IImageAugmentation> { new HorizontalFlip() };
        var loader = new DataLoader(DataLoaderTests.Synthetic(4), 2, augmentations: augmentations);
        augmentations.Add(null!);
        Assert.Single(loader.Augmentations);
        foreach (var batch in loader) batch.Dispose();
    }

    [Fact]
    public void ImagesLargerThanAnArrayAreRejectedWithTheirSize()
    {
        foreach (var (c, h, w) in new[] { (int.MaxValue, int.MaxValue, int.MaxValue), (65536, 65536, 1), (1, 46341, 46341) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataset([], [], c, h, w, ["a"]));
            Assert.Contains($"one {c}×{h}×{w} image is", e.Message);
        }
        Assert.Equal(0, new ImageDataset([], [], 1, 28, 28, ["a"]).Count);
    }
}
