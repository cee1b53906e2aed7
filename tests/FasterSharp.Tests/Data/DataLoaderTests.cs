using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Data;

public class DataLoaderTests
{
    internal static ImageDataset Synthetic(int count, int channels = 1, int size = 4, bool uniqueImages = false)
    {
        var pixels = new byte[count * channels * size * size];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 256);
        if (uniqueImages)
            for (var i = 0; i < count; i++) pixels[i * channels * size * size] = (byte)i;
        var labels = Enumerable.Range(0, count).Select(i => (long)(i % 3)).ToArray();
        return new ImageDataset(pixels, labels, channels, size, size, ["a", "b", "c"]);
    }

    private static List<long> Epoch(DataLoader loader)
    {
        var targets = new List<long>();
        foreach (var batch in loader)
            using (batch) targets.AddRange(batch.Target.data<long>().ToArray());
        return targets;
    }

    [Fact]
    public void BatchesAreNormalizedFloatImagesWithInt64Targets()
    {
        var ds = Synthetic(5);
        var norm = new Normalization([0.5], [0.25]);
        var loader = new DataLoader(ds, batchSize: 2, normalization: norm);
        Assert.Equal(3, loader.Count);
        using var batch = loader.First();
        Assert.Equal(new long[] { 2, 1, 4, 4 }, batch.Input.shape);
        Assert.Equal(ScalarType.Float32, batch.Input.dtype);
        Assert.Equal(ScalarType.Int64, batch.Target.dtype);
        var values = batch.Input.data<float>().ToArray();
        for (var i = 0; i < values.Length; i++)
            Assert.Equal((float)((ds.Pixels[i] / 255.0 - 0.5) / 0.25), values[i], 6);
    }

    [Fact]
    public void ShuffleRepeatsWithTheSeedChangesEachEpochAndCoversEverySampleOnce()
    {
        var ds = new ImageDataset(new byte[100 * 4], Enumerable.Range(0, 100).Select(i => (long)i).ToArray(), 1, 2, 2,
            Enumerable.Range(0, 100).Select(i => i.ToString()).ToList());
        var a = new DataLoader(ds, 16, shuffle: true, seed: 7);
        var b = new DataLoader(ds, 16, shuffle: true, seed: 7);
        var first = Epoch(a);
        Assert.Equal(first, Epoch(b));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), first.Order());
        Assert.NotEqual(first, Epoch(a));
        Assert.NotEqual(first, Epoch(new DataLoader(ds, 16, shuffle: true, seed: 8)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), Epoch(new DataLoader(ds, 16)));
    }

    [Fact]
    public void DropLastDropsTheIncompleteBatch()
    {
        var loader = new DataLoader(Synthetic(10), 4, dropLast: true);
        Assert.Equal(2, loader.Count);
        Assert.Equal(8, Epoch(loader).Count);
        Assert.Equal(3, new DataLoader(Synthetic(10), 4).Count);
    }

    [Fact]
    public void SubsetIsDeterministicAndKeepsImagesWithTheirLabels()
    {
        var ds = Synthetic(50, uniqueImages: true);
        var s1 = ds.Subset(10, seed: 3);
        var s2 = ds.Subset(10, seed: 3);
        Assert.Equal(s1.Pixels.ToArray(), s2.Pixels.ToArray());
        Assert.Equal(s1.Labels.ToArray(), s2.Labels.ToArray());
        for (var i = 0; i < 10; i++)
        {
            var image = s1.Pixels.AsSpan(i * 16, 16).ToArray();
            var source = Enumerable.Range(0, 50).Single(j => ds.Pixels.AsSpan(j * 16, 16).SequenceEqual(image));
            Assert.Equal(ds.Labels[source], s1.Labels[i]);
        }
    }

    [Fact]
    public void HorizontalFlipMirrorsRowsAndRandomCropShiftsWithZeroPadding()
    {
        var source = Enumerable.Range(1, 2 * 3 * 4).Select(i => (byte)i).ToArray(); // 2 channels, 3×4
        var flipped = new byte[source.Length];
        new HorizontalFlip(1.0).Apply(source, flipped, 2, 3, 4, new Random(0));
        Assert.Equal(new byte[] { 4, 3, 2, 1 }, flipped[..4]);
        Assert.Equal(new byte[] { 16, 15, 14, 13 }, flipped[12..16]);

        var random = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var cropped = new byte[source.Length];
            new RandomCrop(1).Apply(source, cropped, 2, 3, 4, random);
            // Some shift (dy, dx) in [-1, 1]² explains every output pixel, with zeros where it falls outside.
            var explained = false;
            for (var dy = -1; dy <= 1 && !explained; dy++)
                for (var dx = -1; dx <= 1 && !explained; dx++)
                {
                    var ok = true;
                    for (var c = 0; c < 2; c++)
                        for (var y = 0; y < 3; y++)
                            for (var x = 0; x < 4; x++)
                            {
                                int sy = y + dy, sx = x + dx;
                                var expected = sy is >= 0 and < 3 && sx is >= 0 and < 4 ? source[(c * 3 + sy) * 4 + sx] : (byte)0;
                                ok &= cropped[(c * 3 + y) * 4 + x] == expected;
                            }
                    explained = ok;
                }
            Assert.True(explained, $"trial {trial}: the crop is not a shifted copy");
        }
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var ds = Synthetic(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(ds, 0));
        Assert.Throws<ArgumentException>(() => new DataLoader(ds, 8, dropLast: true));
        Assert.Throws<ArgumentException>(() => new DataLoader(ds, 2, normalization: Normalization.Cifar10));
        Assert.Throws<ArgumentException>(() => new DataLoader(new ImageDataset([], [], 1, 4, 4, ["a"]), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Subset(6));
        Assert.Throws<ArgumentException>(() => new ImageDataset(new byte[16], [5], 1, 4, 4, ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new Normalization([0.5], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(1.5));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue - 50)]
    [InlineData(1 << 30)]
    public void CountAndEnumerationDoNotOverflowForHugeBatchSizes(int batchSize)
    {
        var loader = new DataLoader(Synthetic(10), batchSize);
        Assert.Equal(1, loader.Count);
        Assert.Equal(10, Epoch(loader).Count);
        Assert.Equal(10, loader.SmallestBatchSize);
    }

    [Fact]
    public void FromDatasetsDropsTheLastIncompleteTrainingBatchByDefaultAndKeepsEveryValidationImage()
    {
        var dls = DataLoaders.FromDatasets(Synthetic(10), Synthetic(7), batchSize: 4);
        Assert.True(dls.Train.DropLast);
        Assert.Equal(2, dls.Train.Count);
        Assert.Equal(8, Epoch(dls.Train).Count);
        Assert.Equal(7, Epoch(dls.Valid).Count);
        Assert.Equal(4, dls.Train.SmallestBatchSize);
        var keep = DataLoaders.FromDatasets(Synthetic(10), Synthetic(7), batchSize: 4, dropLast: false);
        Assert.Equal(3, keep.Train.Count);
        Assert.Equal(2, keep.Train.SmallestBatchSize);
        var e = Assert.Throws<ArgumentException>(() => DataLoaders.FromDatasets(Synthetic(3), Synthetic(7), batchSize: 4));
        Assert.Equal("batchSize", e.ParamName);
        Assert.Contains("use a batch size of at most 3, or dropLast: false", e.Message);
    }

    [Fact]
    public void BatchSizesAreCheckedInTheCallersTermsAndTheDoubledValidationBatchIsCapped()
    {
        var dls = DataLoaders.FromDatasets(Synthetic(10), Synthetic(7), batchSize: 1_200_000_000, dropLast: false);
        Assert.Equal(int.MaxValue, dls.Valid.BatchSize);
        Assert.Equal(1, dls.Valid.Count);
        Assert.Equal("validBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoaders.FromDatasets(Synthetic(10), Synthetic(7), 2, validBatchSize: 0)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoaders.FromDatasets(Synthetic(10), Synthetic(7), -1)).ParamName);
        Assert.Equal("trainSubset", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoaders.FashionMnist(trainSubset: 0)).ParamName);
        Assert.Equal("validSubset", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoaders.FashionMnist(trainSubset: 10, validSubset: 10_001)).ParamName);
        Assert.Equal("valid", Assert.Throws<ArgumentException>(() => new DataLoaders(new DataLoader(Synthetic(4), 2), new DataLoader(Synthetic(4, size: 2), 2))).ParamName);
    }

    [Fact]
    public void ConstantImagesWithoutNormalizationSayWhyTheyCannotBeNormalized()
    {
        var constant = new ImageDataset(Enumerable.Repeat((byte)200, 5 * 16).ToArray(), new long[5], 1, 4, 4, ["a"]);
        var e = Assert.Throws<ArgumentException>(() => DataLoaders.FromDatasets(constant, constant, batchSize: 2));
        Assert.Equal("normalization", e.ParamName);
        Assert.Contains("channel 0 of the 5 images is constant (every pixel is 200/255)", e.Message);
        Assert.Contains("pass a Normalization explicitly", e.Message);
        Assert.DoesNotContain("std 0", e.Message);
        DataLoaders.FromDatasets(constant, constant, batchSize: 2, normalization: new Normalization([0.5], [0.25]));
    }

    [Fact]
    public void MakeBatchChecksEveryIndexBeforeDrawingFromTheRandomStream()
    {
        var ds = Synthetic(8);
        var loader = new DataLoader(ds, 2, augmentations: [new RandomCrop(1)], seed: 3);
        var twin = new DataLoader(ds, 2, augmentations: [new RandomCrop(1)], seed: 3);
        foreach (var bad in new[] { -1, 8, int.MaxValue, int.MinValue })
            Assert.Contains("index 1 of the batch must be in [0, 8)", Assert.Throws<ArgumentOutOfRangeException>(() => loader.MakeBatch([0, bad])).Message);
        Assert.Throws<ArgumentException>(() => loader.MakeBatch([]));
        using var a = loader.MakeBatch([5]);
        using var b = twin.MakeBatch([5]);
        Assert.Equal(b.Input.data<float>().ToArray(), a.Input.data<float>().ToArray());
        Assert.Throws<ArgumentNullException>(() => new Batch(null!, a.Target));
    }

    [Fact]
    public void AugmentationsRejectBadPaddingShortSpansAndMissingRandom()
    {
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(int.MaxValue)).ParamName);
        var widest = new RandomCrop(RandomCrop.MaxPadding);
        var output = new byte[4];
        widest.Apply(new byte[] { 1, 2, 3, 4 }, output, 1, 2, 2, new Random(0)); // shifts out of the image: zeros, no overflow
        foreach (IImageAugmentation augmentation in new IImageAugmentation[] { new RandomCrop(1), new HorizontalFlip(1) })
        {
            Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => augmentation.Apply(new byte[4], new byte[4], 1, 2, 2, null!)).ParamName);
            Assert.Equal("source", Assert.Throws<ArgumentException>(() => augmentation.Apply(new byte[3], new byte[4], 1, 2, 2, new Random(0))).ParamName);
            Assert.Equal("destination", Assert.Throws<ArgumentException>(() => augmentation.Apply(new byte[4], new byte[3], 1, 2, 2, new Random(0))).ParamName);
            Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => augmentation.Apply(new byte[4], new byte[4], -1, 2, 2, new Random(0))).ParamName);
        }
        Assert.Equal("augmentations", Assert.Throws<ArgumentException>(() => new DataLoader(Synthetic(4), 2, augmentations: [new HorizontalFlip(), null!])).ParamName);
    }
}
