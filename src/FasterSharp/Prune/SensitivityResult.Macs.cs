using System.Globalization;
using FasterSharp.Models;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

public sealed partial class SensitivityResult
{
    /// <summary>Per-group sparsities for a MACs budget: the levels that bring the model's MACs per sample to at most
    /// <paramref name="macsFraction"/> of its unpruned MACs while giving the least sensitive groups the most sparsity.
    /// Nothing is pruned; pass <see cref="SensitivityBudget.Ratios"/> to <see cref="Pruner.PruneFilters"/>.</summary>
    /// <remarks>
    /// <para>The algorithm, a greedy by drop per MAC saved: every group starts unpruned (level 0, drop 0). While the
    /// MACs exceed the budget, each group's possible moves to any higher measured level are scored by
    /// (its drop at that level − its drop now) ÷ (the MACs the move saves, with the other groups as they are), and the
    /// move with the lowest score is made (ties: the one saving more MACs, then the earlier group). A move may jump
    /// levels, so a level whose own step is costly but whose next one is cheap is not a barrier. When the MACs are
    /// within the budget, a final pass spends what the last move overshot: it lowers a group to a smaller level
    /// whenever the MACs stay within the budget and the group's drop falls, the largest fall first, until none does.</para>
    /// <para>The drops are single-group drops measured by <see cref="Sensitivity.Analyze"/>; their sum is only an
    /// estimate of the pruned model's drop (groups interact). The MACs are exact: each layer's MACs scale with the
    /// kept shares of the groups it reads and produces (see <see cref="SensitivityBudget.Macs"/>).</para>
    /// </remarks>
    /// <param name="model">The model the analysis measured (same groups and channel counts); not changed.</param>
    /// <param name="sampleInput">An input batch of the model's input shape (see <see cref="DependencyGraph.Build"/>).</param>
    /// <param name="macsFraction">The MACs budget as a fraction of the unpruned model's MACs, in (0, 1].</param>
    /// <returns>The chosen levels, the MACs they leave and the greedy's moves.</returns>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is NaN or outside (0, 1], or lower than the levels
    /// tested can reach (the message gives the lowest reachable fraction).</exception>
    /// <exception cref="ArgumentException">The model's groups are not those of the analysis, or a bad sample.</exception>
    /// <exception cref="UnsupportedModelException">A module the pruner cannot follow.</exception>
    public SensitivityBudget RatiosForMacs(nn.Module<Tensor, Tensor> model, Tensor sampleInput, double macsFraction)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        Sensitivity.ThrowIfBadFraction(macsFraction);
        var macs = SensitivityMacs.Build(model, sampleInput, LayerTypes);
        var groups = Groups.Select(name =>
        {
            var group = macs.Groups.FirstOrDefault(g => g.Name == name) ?? throw new ArgumentException(
                $"the model has no prunable group '{name}' of the analysis; its groups are {string.Join(", ", macs.Groups.Select(g => g.Name))}", nameof(model));
            var channels = Rows.First(r => r.Group == name).Channels;
            return group.Channels == channels ? group : throw new ArgumentException(
                $"group '{name}' has {group.Channels} channels in the model but {channels} in the analysis; analyze the model as it is now", nameof(model));
        }).ToList();
        // options[i][0] is group i unpruned; then the measured levels, ascending.
        var options = groups.Select(g => (IReadOnlyList<(double Level, long Kept, double Drop)>)
            [(0.0, g.Channels, 0.0), .. Rows.Where(r => r.Group == g.Name).OrderBy(r => r.Level).Select(r => (r.Level, g.Channels - r.Pruned, r.Drop))]).ToList();
        var index = new Dictionary<ChannelGroup, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < groups.Count; i++) index[groups[i]] = i;
        double MacsOf(int[] state) => macs.Macs(g => index.TryGetValue(g, out var i) ? options[i][state[i]].Kept : g.Channels);
        int[] With(int[] state, int i, int option)
        {
            var copy = (int[])state.Clone();
            copy[i] = option;
            return copy;
        }

        var target = macsFraction * macs.DenseMacs;
        var lowest = MacsOf(options.Select(o => o.Count - 1).ToArray());
        if (lowest > target)
            throw new ArgumentOutOfRangeException(nameof(macsFraction), macsFraction,
                $"the lowest MACs fraction the levels tested reach is {(lowest / macs.DenseMacs).ToString("0.####", CultureInfo.InvariantCulture)} " +
                $"(every group at {Levels[^1].ToString("0.##", CultureInfo.InvariantCulture)}%); ask for at least that, or analyze higher levels");

        var current = new int[groups.Count];
        var now = MacsOf(current);
        var steps = new List<(string Group, double Level)>();
        while (now > target)
        {
            (int Group, int Option, double Score, double Saved, double Macs)? best = null;
            for (var i = 0; i < groups.Count; i++)
                for (var j = current[i] + 1; j < options[i].Count; j++)
                {
                    var after = MacsOf(With(current, i, j));
                    var saved = now - after;
                    if (saved <= 0) continue;
                    var score = (options[i][j].Drop - options[i][current[i]].Drop) / saved;
                    if (best is null || score < best.Value.Score || (score == best.Value.Score && saved > best.Value.Saved))
                        best = (i, j, score, saved, after);
                }
            if (best is not { } move) throw new InvalidOperationException("no move saves MACs although the highest levels reach the budget");
            current[move.Group] = move.Option;
            now = move.Macs;
            steps.Add((groups[move.Group].Name, options[move.Group][move.Option].Level));
        }

        while (true)
        {
            (int Group, int Option, double Gain, double Macs)? best = null;
            for (var i = 0; i < groups.Count; i++)
                for (var j = 0; j < current[i]; j++)
                {
                    var gain = options[i][current[i]].Drop - options[i][j].Drop;
                    if (gain <= 0 || (best is { } b && gain <= b.Gain)) continue;
                    var after = MacsOf(With(current, i, j));
                    if (after <= target) best = (i, j, gain, after);
                }
            if (best is not { } back) break;
            current[back.Group] = back.Option;
            now = back.Macs;
            steps.Add((groups[back.Group].Name, options[back.Group][back.Option].Level));
        }

        var rows = groups.Select((g, i) => new SensitivityBudgetRow(g.Name, g.Channels, options[i][current[i]].Level, options[i][current[i]].Kept,
            options[i][current[i]].Drop)).ToList();
        return new SensitivityBudget(MetricName, macsFraction, macs.DenseMacs, (long)now, rows, steps);
    }
}
