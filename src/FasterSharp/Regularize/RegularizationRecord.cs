namespace FasterSharp.Regularize;

/// <summary>What a <see cref="RegularizeCallback"/> added during one training epoch.</summary>
/// <param name="Epoch">The epoch (0-based, as <see cref="Learning.Learner.Epoch"/>).</param>
/// <param name="Penalty">The mean over the epoch's training batches of the unweighted penalty.</param>
/// <param name="Weight">The mean over those batches of the scheduled weight λ.</param>
/// <param name="AddedLoss">The mean over those batches of λ × penalty, the amount added to the loss.</param>
public sealed record RegularizationRecord(int Epoch, double Penalty, double Weight, double AddedLoss);
