// The C# side of the benchmarks: the same workloads as bench/pytorch_bench.py, timed the same way.
// Usage: FasterSharp.Bench MODE --threads T [--steps N] [--batch B] [--data DIR]
//   train  N Adam steps of the benchmark CNN on Fashion-MNIST batches of 128 (batches made before timing)
//   infer  N forward passes in eval mode under no_grad at batch size B
//   epoch  one full training epoch through the Learner (batch 128, shuffled, normalized per batch)
//   schedules  the sparsity comparison of fasterai's Schedules tutorial: dense, then 90% local weight sparsity of
//          the Conv2d layers with one_shot, iterative and agp; FitOneCycle(--epochs, 3e-3) each, on --images
//          training images, validated on the 10,000 test images; --model cnn|vgg|resnet18;
//          --schedules one_shot,iterative,agp (the default; any of the named schedules); --dense false skips the
//          dense baseline (runs are seeded, so it repeats exactly); prints a table
//   prune-latency  the VGG-style net pruned to 50% of its channels against the dense net (PruneLatencyBench.cs)
//   accuracy  the issue-3 accuracy run: FitOneCycle for N epochs (--steps N, default 5) on all 60,000 training
//          images, validated on the 10,000 test images; prints the epoch table, then the JSON line
// Prints one JSON line: {"mode": ..., "seconds": ...}.
using System.Diagnostics;
using System.Globalization;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Sparse;
using TorchSharp;
using static TorchSharp.torch;

var options = ParseOptions(args);
var mode = options["mode"];
var threads = int.Parse(options["threads"], CultureInfo.InvariantCulture);
var steps = int.Parse(options.GetValueOrDefault("steps", "50"), CultureInfo.InvariantCulture);
var batchSize = int.Parse(options.GetValueOrDefault("batch", "128"), CultureInfo.InvariantCulture);
var folder = options.GetValueOrDefault("data");

set_num_threads(threads);
manual_seed(0);
var train = FashionMnist.Load(train: true, folder);
var model = SmallCnns.BenchmarkCnn();
double seconds;

switch (mode)
{
    case "train":
    {
        var loader = new DataLoader(train, 128, shuffle: true, normalization: Normalization.FashionMnist, seed: 0);
        var batches = loader.Take(steps).ToList();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        TrainSteps(model, optimizer, batches.Take(5));
        var clock = Stopwatch.StartNew();
        TrainSteps(model, optimizer, batches);
        seconds = clock.Elapsed.TotalSeconds;
        break;
    }
    case "infer":
    {
        model.eval();
        var loader = new DataLoader(train, batchSize, normalization: Normalization.FashionMnist);
        using var batch = loader.MakeBatch(Enumerable.Range(0, batchSize).ToArray());
        using var noGrad = no_grad();
        for (var i = 0; i < 50; i++) Forward(model, batch.Input);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Forward(model, batch.Input);
        seconds = clock.Elapsed.TotalSeconds;
        break;
    }
    case "epoch":
    {
        var valid = train.Subset(128, seed: 1);
        var dls = new DataLoaders(
            new DataLoader(train, 128, shuffle: true, normalization: Normalization.FashionMnist, seed: 0),
            new DataLoader(valid, 128, normalization: Normalization.FashionMnist));
        var learn = new Learner(dls, model, optimizerFactory: (p, lr) => optim.Adam(p, lr), showProgress: false);
        var warmup = new DataLoader(train.Subset(5 * 128, seed: 2), 128, normalization: Normalization.FashionMnist);
        TrainSteps(model, optim.Adam(model.parameters(), lr: 1e-3), warmup);
        var clock = Stopwatch.StartNew();
        learn.Fit(1, 1e-3);
        seconds = clock.Elapsed.TotalSeconds;
        break;
    }
    case "accuracy":
    {
        var test = FashionMnist.Load(train: false, folder);
        var dls = DataLoaders.FromDatasets(train, test, batchSize: 128, seed: 42, normalization: Normalization.FashionMnist);
        var learn = new Learner(dls, model, metrics: [new Accuracy()]);
        var clock = Stopwatch.StartNew();
        learn.FitOneCycle(options.ContainsKey("steps") ? steps : 5, 3e-3);
        seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"test accuracy after {learn.Recorder.Epochs.Count} epochs: {learn.Recorder.Epochs[^1].Metrics["accuracy"]:P2}");
        break;
    }
    case "schedules":
    {
        var test = FashionMnist.Load(train: false, folder);
        var images = int.Parse(options.GetValueOrDefault("images", "12000"), CultureInfo.InvariantCulture);
        var epochs = int.Parse(options.GetValueOrDefault("epochs", "8"), CultureInfo.InvariantCulture);
        var modelName = options.GetValueOrDefault("model", "cnn");
        var subset = images < train.Count ? train.Subset(images, seed: 0) : train;
        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        double? denseAccuracy = null;
        var names = options.GetValueOrDefault("schedules", "one_shot,iterative,agp").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var withDense = options.GetValueOrDefault("dense", "true") != "false";
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
            rows.Add($"{schedule?.Name ?? "dense",-10} {accuracy,9:P2} {(denseAccuracy is double d ? (100 * (accuracy - d)).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "n/a"),12} {sparsity,10:0.00}%");
        }
        seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{modelName}, {subset.Count} training images, {epochs} epochs, FitOneCycle(3e-3), 10,000 test images");
        Console.WriteLine($"{"run",-10} {"accuracy",9} {"Δ (points)",12} {"sparsity",11}");
        foreach (var row in rows) Console.WriteLine(row);
        break;
    }
    case "prune-latency": seconds = PruneLatencyBench.Run(options); break;
    default:
        throw new ArgumentException($"unknown mode '{mode}'; expected train, infer, epoch, schedules, accuracy or prune-latency");
}
Console.WriteLine($"{{\"mode\": \"{mode}\", \"seconds\": {seconds.ToString("R", CultureInfo.InvariantCulture)}, \"threads\": {get_num_threads()}}}");

static void TrainSteps(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<Batch> batches)
{
    model.train();
    foreach (var batch in batches)
    {
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(model.call(batch.Input), batch.Target);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
}

static void Forward(nn.Module<Tensor, Tensor> model, Tensor input)
{
    using var scope = NewDisposeScope();
    model.call(input);
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    if (args.Length == 0) throw new ArgumentException("usage: FasterSharp.Bench train|infer|epoch|accuracy --threads T [--steps N] [--batch B] [--data DIR]");
    var result = new Dictionary<string, string> { ["mode"] = args[0] };
    for (var i = 1; i < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            throw new ArgumentException($"expected --name value, got '{args[i]}'");
        result[args[i][2..]] = args[i + 1];
    }
    if (!result.ContainsKey("threads")) throw new ArgumentException("--threads is required");
    return result;
}
