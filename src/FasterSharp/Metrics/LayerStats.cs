namespace FasterSharp.Metrics;

/// <summary>One layer of a <see cref="ModelStats"/>: a module without submodules that ran in the forward pass.</summary>
/// <param name="Name">The dotted module name ("features.0").</param>
/// <param name="Type">The module type ("Conv2d").</param>
/// <param name="OutputShape">The output shape of one sample (batch dimension dropped), of the last call.</param>
/// <param name="Calls">How many times the module ran in one forward pass (e.g. a ReLU reused in a block).</param>
/// <param name="Parameters">Elements of the module's own parameters (weights and biases; buffers not counted).</param>
/// <param name="NonZeroParameters">Of those, the elements not exactly zero.</param>
/// <param name="Macs">Multiply-accumulates per sample over all calls, or null for a kind that is not counted
/// (see <see cref="ModelStats"/>).</param>
public sealed record LayerStats(string Name, string Type, IReadOnlyList<long> OutputShape, int Calls, long Parameters, long NonZeroParameters, long? Macs);
