namespace FasterSharp.Prune;

/// <summary>One measurement of a <see cref="SensitivityResult"/>: one group pruned alone to one level.</summary>
/// <param name="Group">The dependency group's name (its first producing layer).</param>
/// <param name="Channels">The group's channels.</param>
/// <param name="Level">The percentage of the group's channels pruned.</param>
/// <param name="Pruned">The channels pruned: ⌊channels · level / 100⌋, at most all but one.</param>
/// <param name="Metric">The metric with only this group pruned.</param>
/// <param name="Drop">The unpruned model's metric minus <paramref name="Metric"/> (positive: worse).</param>
public sealed record SensitivityRow(string Group, long Channels, double Level, long Pruned, double Metric, double Drop);
