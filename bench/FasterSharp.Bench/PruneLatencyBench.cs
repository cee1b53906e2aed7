using System.Diagnostics;
using System.Globalization;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using static TorchSharp.torch;

/// <summary>The speed check of structured pruning (issue 9): the VGG-style net pruned to 50% of its channels
/// (Pruner.PruneFilters, local, large_final) against the dense net, CPU, eval mode under no_grad. Target: the
/// latency falls at least 0.8× as much as the MACs do, i.e. latency speedup ≥ 0.8 × MACs speedup (speedup =
/// before / after). The two models are timed in alternating rounds (dense, pruned, dense, …) so that load on a
/// shared machine hits both alike; the medians over all passes are compared.</summary>
/// <remarks>Options: --batch B (default 64), --rounds R (default 5), --steps N timed passes per model per round
/// (default 10), --warmup W passes per model before the first round (default 10); threads from --threads.</remarks>
internal static class PruneLatencyBench
{
    public static double Run(BenchOptions options)
    {
        var batch = options.Int("batch", 64);
        var rounds = options.Int("rounds", 5);
        var steps = options.Int("steps", 10);
        var warmup = options.Int("warmup", 10);
        var clock = Stopwatch.StartNew();

        manual_seed(0);
        var dense = SmallCnns.VggStyle();
        manual_seed(0);
        var pruned = SmallCnns.VggStyle();
        using var sample = randn(1, 1, 28, 28);
        var prune = Pruner.PruneFilters(pruned, sample, 50);
        var before = ModelStats.Measure(dense, sample, name: "dense");
        var after = ModelStats.Measure(pruned, sample, name: "pruned 50%");

        var times = new Dictionary<string, List<double>> { ["dense"] = [], ["pruned"] = [] };
        var lines = new List<string>();
        Latency.Measure(dense, sample, new LatencyOptions(batch, threads: null, warmup: warmup, runs: 1));
        Latency.Measure(pruned, sample, new LatencyOptions(batch, threads: null, warmup: warmup, runs: 1));
        for (var r = 0; r < rounds; r++)
        {
            foreach (var (name, model) in new[] { ("dense", dense), ("pruned", pruned) })
            {
                var stats = Latency.Measure(model, sample, new LatencyOptions(batch, threads: null, warmup: 1, runs: steps));
                times[name].Add(stats.MedianMs);
                lines.Add($"round {r + 1} {name,-6} {stats}");
            }
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
        var denseMs = Median(times["dense"]);
        var prunedMs = Median(times["pruned"]);
        var macsSpeedup = (double)before.Macs / after.Macs;
        var latencySpeedup = denseMs / prunedMs;
        var target = 0.8 * macsSpeedup;

        Console.WriteLine(prune.ToString());
        Console.WriteLine(before.CompareTo(after));
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine(FormattableString.Invariant(
            $"batch {batch}, {get_num_threads()} threads: dense {denseMs:0.00} ms, pruned {prunedMs:0.00} ms (median of {rounds} round medians)"));
        var verdict = latencySpeedup >= target ? "met" : "NOT met";
        Console.WriteLine(FormattableString.Invariant(
            $"MACs speedup {macsSpeedup:0.000}×, latency speedup {latencySpeedup:0.000}×, target ≥ 0.8 × MACs speedup = {target:0.000}×: {verdict}"));
        return clock.Elapsed.TotalSeconds;
    }
}
