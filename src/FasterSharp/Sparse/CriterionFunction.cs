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

/// <summary>Scores every element of a layer's weight tensor knowing which layer it is (for criteria measured on data:
/// activations or gradients per layer).</summary>
/// <param name="layer">The layer's dotted name in the model ("features.3", "layer1.0.conv2").</param>
/// <param name="weights">The layer's current weights w.</param>
/// <returns>A new tensor of the weights' shape, or null when the criterion has no data for this layer.</returns>
public delegate Tensor? LayerCriterionFunction(string layer, Tensor weights);
