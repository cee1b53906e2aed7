using System.Globalization;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Prune;

/// <summary>Per-group sparsities chosen from a <see cref="SensitivityResult"/> for a MACs budget
/// (<see cref="SensitivityResult.RatiosForMacs"/>): the ratios to pass to <see cref="Pruner.PruneFilters"/> as
/// <c>groupSparsities</c>, the MACs they leave, and the single-group drops they were chosen by. Displays as a table.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<SensitivityBudget>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class SensitivityBudget : IRichDisplay
{
    internal SensitivityBudget(string metricName, double targetFraction, long denseMacs, long macs, IReadOnlyList<SensitivityBudgetRow> rows,
        IReadOnlyList<(string Group, double Level)> steps)
    {
        MetricName = metricName;
        TargetFraction = targetFraction;
        DenseMacs = denseMacs;
        Macs = macs;
        Rows = rows;
        Steps = steps;
        Ratios = rows.ToDictionary(r => r.Group, r => r.Level);
    }

    /// <summary>The metric the drops are measured in.</summary>
    public string MetricName { get; }

    /// <summary>The MACs fraction asked for, in (0, 1].</summary>
    public double TargetFraction { get; }

    /// <summary>The unpruned model's MACs per sample.</summary>
    public long DenseMacs { get; }

    /// <summary>The MACs per sample after pruning with <see cref="Ratios"/> (computed from the dependency graph; equal to
    /// what <see cref="Metrics.ModelStats"/> counts after <see cref="Pruner.PruneFilters"/>).</summary>
    public long Macs { get; }

    /// <summary><see cref="Macs"/> ÷ <see cref="DenseMacs"/>, at most <see cref="TargetFraction"/>.</summary>
    public double Fraction => DenseMacs == 0 ? 1 : (double)Macs / DenseMacs;

    /// <summary>Per-group sparsities in percent (0 for a group left whole), for <c>Pruner.PruneFilters(model, sample, 0,
    /// groupSparsities: Ratios, layerTypes: …)</c> with the layer types of the analysis.</summary>
    public IReadOnlyDictionary<string, double> Ratios { get; }

    /// <summary>One row per group of the analysis, in model order.</summary>
    public IReadOnlyList<SensitivityBudgetRow> Rows { get; }

    /// <summary>The greedy's moves in the order it made them: a group raised to a level (a later move of the same group
    /// replaces its earlier level; a move back down, from the final pass that spends leftover budget, is listed too).</summary>
    public IReadOnlyList<(string Group, double Level)> Steps { get; }

    /// <summary>The sum of the chosen levels' single-group drops: an estimate of the total drop that ignores how the
    /// groups' losses interact (measure the pruned model to know).</summary>
    public double SummedDrop => Rows.Sum(r => r.Drop);

    /// <summary>The table: group, channels, sparsity, channels kept, single-group drop.</summary>
    public ResultTable ToTable() => new(
        ["group", "channels", "sparsity", "channels kept", $"drop of {MetricName} (group alone)"],
        Rows.Select(r => (IReadOnlyList<string>)[r.Group, Count(r.Channels), Format(r.Level) + "%", Count(r.Kept), Format(r.Drop, "0.####")]),
        $"MACs budget {Format(100 * TargetFraction)}% of {Count(DenseMacs)}: {Count(Macs)} MACs per sample ({Format(100 * Fraction)}%); " +
        $"summed single-group drops {Format(SummedDrop, "0.####")}");

    /// <inheritdoc />
    public string ToHtml() => ToTable().ToHtml();

    /// <inheritdoc />
    public override string ToString() => ToTable().ToString();

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>One group of a <see cref="SensitivityBudget"/>.</summary>
/// <param name="Group">The dependency group's name.</param>
/// <param name="Channels">Its channels.</param>
/// <param name="Level">The sparsity chosen, in percent: one of the analysis's levels, or 0.</param>
/// <param name="Kept">The channels it keeps at that level.</param>
/// <param name="Drop">The drop measured with this group alone pruned to <paramref name="Level"/> (0 at level 0).</param>
public sealed record SensitivityBudgetRow(string Group, long Channels, double Level, long Kept, double Drop);
