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

    internal static Dictionary<string, float[]> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    internal static void AssertSameWeights(Dictionary<string, float[]> expected, nn.Module model)
    {
        var actual = Snapshot(model);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var key in expected.Keys) Assert.True(expected[key].SequenceEqual(actual[key]), $"{key} changed");
    }
}
