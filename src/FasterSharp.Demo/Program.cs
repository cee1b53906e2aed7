// Trains the benchmark CNN on Fashion-MNIST for one one-cycle epoch and prints the epoch table.
// Arguments (optional): training images (default 12000), epochs (default 1), test images (default 2000; 0 = all 10,000).
using System.Globalization;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using static TorchSharp.torch;

var trainImages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12_000;
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var testImages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000;

manual_seed(42);
set_num_threads(Environment.ProcessorCount);
var dls = DataLoaders.FashionMnist(batchSize: 128, trainSubset: trainImages < 60_000 ? trainImages : null,
    validSubset: testImages is > 0 and < 10_000 ? testImages : null);
Console.WriteLine($"Fashion-MNIST: {dls.Train.Dataset.Count} training and {dls.Valid.Dataset.Count} test images, {get_num_threads()} threads");
var learn = new Learner(dls, SmallCnns.BenchmarkCnn(), metrics: [new Accuracy()]);
learn.FitOneCycle(epochs, 3e-3);
var result = learn.Validate();
Console.WriteLine($"validation accuracy: {result["accuracy"]:P2}, loss {result.Loss:F4}");
