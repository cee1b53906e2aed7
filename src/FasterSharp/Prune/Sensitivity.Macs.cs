using System.Globalization;
using FasterSharp.Models;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

public static partial class Sensitivity
{
    /// <summary>The uniform sparsity for a MACs budget: the smallest percentage s such that
    /// <c>Pruner.PruneFilters(model, sampleInput, s, layerTypes: layerTypes)</c> (local: every group loses ⌊n·s/100⌋ of
    /// its n channels, keeping at least one) leaves at most <paramref name="macsFraction"/> of the model's MACs per
    /// sample — the control to compare <see cref="SensitivityResult.RatiosForMacs"/> with at equal MACs (pass the
    /// guided budget's <see cref="SensitivityBudget.Fraction"/> so that the uniform model gets no more MACs). Nothing is
    /// pruned. The candidates are every percentage where some group's pruned count changes (100·p/n), so the answer is
    /// exact, not searched on a grid.</summary>
    /// <param name="model">The model; not changed.</param>
    /// <param name="sampleInput">An input batch of the model's input shape (see <see cref="DependencyGraph.Build"/>).</param>
    /// <param name="macsFraction">The MACs budget as a fraction of the unpruned model's MACs, in (0, 1].</param>
    /// <param name="layerTypes">Which groups are pruned, by their producing layers' type (default Conv2d).</param>
    /// <returns>The sparsity in percent, in [0, 100].</returns>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is NaN or outside (0, 1], or lower than uniform
    /// pruning can reach with one channel left per group (the message gives the lowest reachable fraction).</exception>
    /// <exception cref="ArgumentException">Undefined layer types, no prunable group of them, or a bad sample.</exception>
    /// <exception cref="UnsupportedModelException">A module the pruner cannot follow.</exception>
    public static double UniformSparsityForMacs(nn.Module<Tensor, Tensor> model, Tensor sampleInput, double macsFraction,
        LayerTypes layerTypes = LayerTypes.Conv2d)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        ThrowIfBadFraction(macsFraction);
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        var macs = SensitivityMacs.Build(model, sampleInput, layerTypes);
        var selected = new HashSet<ChannelGroup>(macs.Groups, ReferenceEqualityComparer.Instance);
        double MacsAt(double sparsity) => macs.Macs(g => selected.Contains(g) ? SensitivityMacs.KeptAt(g, sparsity) : g.Channels);

        var target = macsFraction * macs.DenseMacs;
        var lowest = MacsAt(100);
        if (lowest > target)
            throw new ArgumentOutOfRangeException(nameof(macsFraction), macsFraction,
                $"the lowest MACs fraction uniform pruning reaches is {(lowest / macs.DenseMacs).ToString("0.####", CultureInfo.InvariantCulture)} " +
                "(one channel left in every group)");
        var candidates = macs.Groups.SelectMany(g => Enumerable.Range(1, (int)g.Channels).Select(p => 100.0 * p / g.Channels))
            .Prepend(0).Distinct().Order();
        return candidates.First(s => MacsAt(s) <= target);
    }

    internal static void ThrowIfBadFraction(double macsFraction)
    {
        if (!(macsFraction > 0 && macsFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(macsFraction), macsFraction,
                "the MACs budget is a fraction of the unpruned model's MACs, in (0, 1] (e.g. 0.5 for half)");
    }
}
