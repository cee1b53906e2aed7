namespace FasterSharp.Fold;

/// <summary>One BatchNorm folded by <see cref="BatchNormFolder"/>.</summary>
/// <param name="BatchNorm">The BatchNorm's dotted name (now an Identity).</param>
/// <param name="Into">The layer that absorbed it.</param>
/// <param name="Direction">Whether that layer precedes or follows it.</param>
/// <param name="Through">The operations between them (following direction only, e.g. "pool1 (MaxPool2d)"), or "".</param>
public sealed record FoldedBatchNorm(string BatchNorm, string Into, FoldDirection Direction, string Through);
