using System.Diagnostics;
using System.Globalization;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Sparse;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>Long training runs whose results (accuracies) the README cites; they print their tables and
/// return the seconds of the whole run.</summary>
internal static class TrainingModes
{
    /// <summary>accuracy: FitOneCycle(--steps epochs, default 5, 3e-3) of the benchmark CNN on all 60,000
    /// training images, validated on the 10,000 test images; prints the epoch table.</summary>
    public static double Accuracy(BenchOptions options)
    {
        var folder = options.String("data");
        var train = FashionMnist.Load(train: true, folder);
        var test = FashionMnist.Load(train: false, folder);
        var dls = DataLoaders.FromDatasets(train, test, batchSize: 128, seed: 42, normalization: Normalization.FashionMnist);
        var learn = new Learner(dls, SmallCnns.BenchmarkCnn(), metrics: [new Accuracy()]);
        var clock = Stopwatch.StartNew();
        learn.FitOneCycle(options.Int("steps", 5), 3e-3);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"test accuracy after {learn.Recorder.Epochs.Count} epochs: {learn.Recorder.Epochs[^1].Metrics["accuracy"]:P2}");
        return seconds;
    }

    /// <summary>schedules: the sparsity comparison of fasterai's Schedules tutorial: dense, then 90% local
    /// weight sparsity of the Conv2d layers with each schedule of --schedules (default one_shot,iterative,agp);
    /// FitOneCycle(--epochs, default 8, 3e-3) each on --images training images (default 12,000), validated on
    /// the 10,000 test images; --model cnn|vgg|resnet18; --dense false skips the dense baseline (runs are
    /// seeded, so it repeats exactly). Prints a table.</summary>
    public static double Schedules(BenchOptions options)
    {
        var folder = options.String("data");
        var train = FashionMnist.Load(train: true, folder);
        var test = FashionMnist.Load(train: false, folder);
        var images = options.Int("images", 12000);
        var epochs = options.Int("epochs", 8);
        var modelName = options.String("model", "cnn")!;
        var subset = images < train.Count ? train.Subset(images, seed: 0) : train;
        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        double? denseAccuracy = null;
        var names = options.String("schedules", "one_shot,iterative,agp")!.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var withDense = options.String("dense", "true") != "false";
        var runs = names.Select(n => (Schedule?)Schedule.Parse(n));
        foreach (var schedule in withDense ? runs.Prepend(null) : runs)
        {
            manual_seed(42);
            nn.Module<Tensor, Tensor> net = modelName switch
            {
                "resnet18" => Vision.ResNet18(numClasses: 10, inChannels: 1),
                "vgg" => SmallCnns.VggStyle(),
                "cnn" => SmallCnns.BenchmarkCnn(),
                _ => throw new ArgumentException($"unknown model '{modelName}'; expected cnn, vgg or resnet18"),
            };
            var dls = DataLoaders.FromDatasets(subset, test, batchSize: 128, seed: 42, normalization: Normalization.FashionMnist);
            var learn = new Learner(dls, net, metrics: [new Accuracy()]);
            Callback[] callbacks = schedule is null ? [] : [new SparsifyCallback(90, "weight", SparsityContext.Local, Criteria.LargeFinal, schedule, log: TextWriter.Null)];
            learn.FitOneCycle(epochs, 3e-3, callbacks);
            var accuracy = learn.Recorder.Epochs[^1].Metrics["accuracy"];
            if (schedule is null) denseAccuracy = accuracy;
            var sparsity = SparsityReport.Of(learn.Model).Overall.Sparsity;
            var delta = denseAccuracy is double d ? (100 * (accuracy - d)).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "n/a";
            rows.Add($"{schedule?.Name ?? "dense",-10} {accuracy,9:P2} {delta,12} {sparsity,10:0.00}%");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{modelName}, {subset.Count} training images, {epochs} epochs, FitOneCycle(3e-3), 10,000 test images");
        Console.WriteLine($"{"run",-10} {"accuracy",9} {"Δ (points)",12} {"sparsity",11}");
        foreach (var row in rows) Console.WriteLine(row);
        return seconds;
    }
}
