// The C# side of the benchmarks: the same workloads as bench/pytorch_bench.py, timed the same way.
// Usage: FasterSharp.Bench MODE --threads T [--onednn guarded|on] [--name value ...] (run it through environment/dotnet)
// --onednn guarded (default) runs ConvolutionSafety.Ensure() first, as the tutorials and tests do (it caps oneDNN at
// SSE4.1 only where its check finds the fault); capped forces the cap (FASTERSHARP_ONEDNN_VERDICT=faulty); on leaves
// LibTorch's oneDNN kernels as shipped (wrong for some convolutions on affected CPUs).
// --memory-format nchw (default) or channels-last (model weights and batches, see FasterSharp.Runtime.ChannelsLast).
// Prints one JSON line last: {"mode": ..., "seconds": ..., "threads": ...}.
// A new mode is a static method BenchOptions -> seconds in its own file, plus one line in `modes` below.
using System.Globalization;
using FasterSharp.Runtime;
using static TorchSharp.torch;

var modes = new Dictionary<string, (Func<BenchOptions, double> Run, string Help)>
{
    ["train"] = (SpeedModes.Train, "--steps N Adam steps of the benchmark CNN on Fashion-MNIST batches of 128"),
    ["infer"] = (SpeedModes.Infer, "--steps N forward passes (eval, no_grad) at batch size --batch B"),
    ["epoch"] = (SpeedModes.Epoch, "one training epoch through the Learner [--images N of the 60,000]"),
    ["accuracy"] = (TrainingModes.Accuracy, "FitOneCycle for --steps epochs on all of Fashion-MNIST; prints the epoch table"),
    ["schedules"] = (TrainingModes.Schedules, "dense vs sparsity schedules [--model --images --epochs --schedules --dense]"),
    ["prune-latency"] = (PruneLatencyBench.Run, "VGG-style net pruned to 50% of channels vs dense [--batch --rounds --steps --warmup]"),
};
var usage = "usage: FasterSharp.Bench MODE --threads T [--onednn guarded|capped|on] [--memory-format nchw|channels-last] [--data DIR] [options]\n" +
            string.Join("\n", modes.Select(m => $"  {m.Key,-10} {m.Value.Help}"));

BenchOptions options;
double seconds;
try
{
    options = BenchOptions.Parse(args, usage);
    if (!modes.TryGetValue(options.Mode, out var mode)) throw new ArgumentException($"unknown mode '{options.Mode}'\n{usage}");
    set_num_threads(options.Threads);
    var onednn = options.String("onednn", "guarded");
    if (onednn == "capped") Environment.SetEnvironmentVariable(ConvolutionSafety.VerdictVariable, "faulty");
    if (onednn is "guarded" or "capped") Console.Error.WriteLine(ConvolutionSafety.Ensure());
    else if (onednn != "on") throw new ArgumentException($"--onednn must be guarded, capped or on, got '{onednn}'\n{usage}");
    manual_seed(0);
    seconds = mode.Run(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"{{\"mode\": \"{options.Mode}\", \"seconds\": {seconds.ToString("R", CultureInfo.InvariantCulture)}, \"threads\": {get_num_threads()}}}");
return 0;
