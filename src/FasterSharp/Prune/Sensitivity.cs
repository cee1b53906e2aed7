using FasterSharp.Models;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Sensitivity analysis for structured pruning: prunes one dependency group at a time at several levels,
/// evaluates the model each time, and tells how much each group can lose (fasterai's and Torch-Pruning's
/// layer-wise sensitivity). Pruning is simulated by zeroing the group's lowest-scored channels in every member, which
/// gives the outputs that removing them would (<see cref="Pruner.RemoveZeroFilters"/>); the weights are restored after
/// each evaluation, so the model ends exactly as it started.</summary>
public static partial class Sensitivity
{
    /// <summary>The levels tested by default, in percent of a group's channels.</summary>
    public static IReadOnlyList<double> DefaultLevels { get; } = [10, 25, 50, 75];

    /// <summary>Measures the sensitivity of every prunable group of the selected layer types.</summary>
    /// <param name="model">The model (left exactly as it was).</param>
    /// <param name="sampleInput">An input batch to find the dependency groups (see <see cref="DependencyGraph.Build"/>).</param>
    /// <param name="evaluate">Evaluates the model, e.g. <c>m => learner.Validate()["accuracy"]</c>; higher is better.</param>
    /// <param name="levels">Percentages of a group's channels to prune, each in (0, 100), at most 20 (default 10, 25, 50, 75).</param>
    /// <param name="criterion">How channels are ranked (default <see cref="Criteria.LargeFinal"/>).</param>
    /// <param name="layerTypes">Which groups, by their producing layers' type (default Conv2d).</param>
    /// <param name="metricName">The metric's name for the table and plot.</param>
    /// <returns>The metric per group and level, and the unpruned baseline.</returns>
    /// <exception cref="ArgumentNullException">A null model, sample, evaluation or metric name.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">A level outside (0, 100), repeated, or more than 20; a criterion that reads
    /// saved weights; no prunable group; an evaluation that is not finite (the model is restored first).</exception>
    public static SensitivityResult Analyze(nn.Module<Tensor, Tensor> model, Tensor sampleInput, Func<nn.Module<Tensor, Tensor>, double> evaluate,
        IReadOnlyList<double>? levels = null, Criterion? criterion = null, LayerTypes layerTypes = LayerTypes.Conv2d, string metricName = "accuracy")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(metricName);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        levels ??= DefaultLevels;
        if (levels.Count == 0 || levels.Count > 20) throw new ArgumentException($"{levels.Count} levels; pass 1 to 20", nameof(levels));
        if (levels.Any(l => !(l > 0 && l < 100))) throw new ArgumentException($"levels {string.Join(", ", levels)}: each must be in (0, 100)", nameof(levels));
        if (levels.Distinct().Count() != levels.Count) throw new ArgumentException("a level is repeated", nameof(levels));
        criterion ??= Criteria.LargeFinal;
        criterion.ThrowIfReadsSavedWeights(nameof(criterion), "sensitivity");
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));

        var graph = DependencyGraph.Build(model, sampleInput);
        var groups = graph.Groups.Where(g => g.IsPrunable && Pruner.ProducedBy(g, layerTypes)).ToList();
        if (groups.Count == 0) throw new ArgumentException($"the model has no prunable group produced by {layerTypes} layers", nameof(layerTypes));
        var sorted = levels.Order().ToList();

        var baseline = Checked(evaluate(model), "the unpruned model");
        var rows = new List<SensitivityRow>();
        foreach (var group in groups)
        {
            var order = GroupZeroing.Lowest(ChannelScores.Compute(group, criterion), group.Channels);
            var saved = GroupZeroing.Targets(group).Select(t => (t.Tensor, Copy: t.Tensor.detach().clone())).ToList();
            try
            {
                foreach (var level in sorted)
                {
                    var pruned = Math.Min(Pruner.PrunedCount(group.Channels, level), group.Channels - 1);
                    GroupZeroing.Zero(group, order.Take((int)pruned).ToArray());
                    var metric = Checked(evaluate(model), $"group '{group.Name}' at {level}%");
                    rows.Add(new SensitivityRow(group.Name, group.Channels, level, pruned, metric, baseline - metric));
                    Restore(saved);
                }
            }
            finally
            {
                Restore(saved);
                foreach (var (_, copy) in saved) copy.Dispose();
            }
        }

        return new SensitivityResult(metricName, baseline, sorted, rows, layerTypes);
    }

    private static void Restore(IEnumerable<(Tensor Tensor, Tensor Copy)> saved)
    {
        using var noGrad = no_grad();
        foreach (var (tensor, copy) in saved) tensor.copy_(copy);
    }

    private static double Checked(double value, string what) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"the evaluation of {what} returned {value}; it must be a finite number", "evaluate");
}
