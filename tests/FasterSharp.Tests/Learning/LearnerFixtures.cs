using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

/// <summary>Small learners on real Fashion-MNIST subsets.</summary>
internal static class LearnerFixtures
{
    internal static DataLoaders Data(int train, int valid, int batchSize = 64, int seed = 42) =>
        DataLoaders.FashionMnist(batchSize: batchSize, trainSubset: train, validSubset: valid, seed: seed);

    internal static Learner Small(int train = 256, int valid = 128, int batchSize = 64, IEnumerable<Callback>? callbacks = null,
        IEnumerable<Metric>? metrics = null, int seed = 42)
    {
        manual_seed(seed);
        return new Learner(Data(train, valid, batchSize, seed), SmallCnns.BenchmarkCnn(), metrics: metrics ?? [new Accuracy()],
            callbacks: callbacks, showProgress: false);
    }

    /// <summary>Synthetic 1×8×8 images in 3 classes: for tests of the loop itself, where data does not matter.</summary>
    internal static ImageDataset TinyImages(int count)
    {
        var pixels = new byte[count * 64];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 251);
        return new ImageDataset(pixels, Enumerable.Range(0, count).Select(i => (long)(i % 3)).ToArray(), 1, 8, 8, ["a", "b", "c"]);
    }

    /// <summary>A conv → BatchNorm → pool → Linear net for <see cref="TinyImages"/>.</summary>
    internal static nn.Module<Tensor, Tensor> TinyNet(int seed = 0)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));
    }

    /// <summary>A learner over 16 training and 6 validation tiny images in batches of 4: milliseconds per epoch.</summary>
    internal static Learner Tiny(IEnumerable<Callback>? callbacks = null, IEnumerable<Metric>? metrics = null, int train = 16, int batchSize = 4,
        nn.Module<Tensor, Tensor>? model = null, bool dropLast = true) =>
        new(DataLoaders.FromDatasets(TinyImages(train), TinyImages(6), batchSize: batchSize, dropLast: dropLast, normalization: new Normalization([0.5], [0.25])),
            model ?? TinyNet(), metrics: metrics ?? [new Accuracy()], callbacks: callbacks, showProgress: false);

    internal static Dictionary<string, float[]> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    internal static void AssertSameWeights(Dictionary<string, float[]> expected, nn.Module model)
    {
        var actual = Snapshot(model);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys) Assert.True(expected[key].SequenceEqual(actual[key]), $"{key} changed");
    }
}
