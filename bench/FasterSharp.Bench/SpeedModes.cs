using System.Diagnostics;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Models;
using FasterSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>The timed workloads that bench/compare.py runs against bench/pytorch_bench.py. Each returns the
/// seconds of its timed section only (data loading, model creation and warm-up excluded).</summary>
internal static class SpeedModes
{
    /// <summary>train: --steps Adam steps (default 50) of the benchmark CNN on Fashion-MNIST batches of 128,
    /// made before timing; 5 warm-up steps first.</summary>
    public static double Train(BenchOptions options)
    {
        var steps = options.Int("steps", 50);
        var train = FashionMnist.Load(train: true, options.String("data"));
        var model = SmallCnns.BenchmarkCnn();
        var loader = new DataLoader(train, 128, shuffle: true, normalization: Normalization.FashionMnist, seed: 0);
        var batches = loader.Take(steps).Select(b => InFormat(b, options)).ToList();
        if (options.ChannelsLast) ChannelsLast.Apply(model);
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        TrainingLoop.TrainSteps(model, optimizer, batches.Take(5));
        var clock = Stopwatch.StartNew();
        TrainingLoop.TrainSteps(model, optimizer, batches);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>infer: --steps forward passes (default 50) in eval mode under no_grad at batch size --batch
    /// (default 128), after 50 warm-up passes.</summary>
    public static double Infer(BenchOptions options)
    {
        var steps = options.Int("steps", 50);
        var batchSize = options.Int("batch", 128);
        var train = FashionMnist.Load(train: true, options.String("data"));
        var model = SmallCnns.BenchmarkCnn();
        model.eval();
        var loader = new DataLoader(train, batchSize, normalization: Normalization.FashionMnist);
        using var batch = InFormat(loader.MakeBatch(Enumerable.Range(0, batchSize).ToArray()), options);
        if (options.ChannelsLast) ChannelsLast.Apply(model);
        using var noGrad = no_grad();
        for (var i = 0; i < 50; i++) TrainingLoop.Forward(model, batch.Input);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) TrainingLoop.Forward(model, batch.Input);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>epoch: one training epoch through the Learner (Adam, batch 128, shuffled, normalized per
    /// batch) over --images training images (default all 60,000), then its validation over 128 images;
    /// 5 warm-up steps on other batches first.</summary>
    public static double Epoch(BenchOptions options)
    {
        var train = FashionMnist.Load(train: true, options.String("data"));
        var images = options.Int("images", train.Count);
        var model = SmallCnns.BenchmarkCnn();
        var data = images < train.Count ? train.Subset(images, seed: 3) : train;
        var valid = train.Subset(128, seed: 1);
        var dls = new DataLoaders(
            new DataLoader(data, 128, shuffle: true, normalization: Normalization.FashionMnist, seed: 0),
            new DataLoader(valid, 128, normalization: Normalization.FashionMnist));
        var learn = new Learner(dls, model, optimizerFactory: (p, lr) => optim.Adam(p, lr), showProgress: false,
            callbacks: options.ChannelsLast ? [new ChannelsLastCallback()] : null);
        var warmup = new DataLoader(train.Subset(5 * 128, seed: 2), 128, normalization: Normalization.FashionMnist);
        if (options.ChannelsLast) ChannelsLast.Apply(model);
        TrainingLoop.TrainSteps(model, optim.Adam(model.parameters(), lr: 1e-3), warmup.Select(b => InFormat(b, options)));
        var clock = Stopwatch.StartNew();
        learn.Fit(1, 1e-3);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The batch as --memory-format asks (its input channels-last, or as it is).</summary>
    private static Batch InFormat(Batch batch, BenchOptions options) =>
        options.ChannelsLast ? batch with { Input = ChannelsLast.Of(batch.Input) } : batch;
}
