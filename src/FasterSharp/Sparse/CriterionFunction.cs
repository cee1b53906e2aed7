using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Scores every element of a weight tensor; larger scores are kept, smaller ones pruned.</summary>
/// <param name="weights">The current weights w.</param>
/// <param name="initialWeights">The weights saved by <see cref="Sparsifier.SaveWeights"/> (w0, at init or the
/// rewind epoch); null unless the criterion declares <see cref="Criterion.NeedsInitialWeights"/>.</param>
/// <param name="previousWeights">The weights as they were after the previous pruning of this layer (wp; w0
/// before the first); null unless the criterion declares <see cref="Criterion.NeedsPreviousWeights"/>.</param>
/// <returns>A new tensor of the weights' shape.</returns>
public delegate Tensor CriterionFunction(Tensor weights, Tensor? initialWeights, Tensor? previousWeights);
