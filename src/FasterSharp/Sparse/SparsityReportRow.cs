namespace FasterSharp.Sparse;

/// <summary>One layer of a <see cref="SparsityReport"/>.</summary>
/// <param name="Layer">The layer's dotted name in the model ("0.4.0.conv1").</param>
/// <param name="Type">The layer's type name ("Conv2d", "Linear").</param>
/// <param name="Parameters">Number of weight elements (biases not counted, as in fasterai).</param>
/// <param name="Zeros">Number of weight elements exactly equal to zero.</param>
public sealed record SparsityReportRow(string Layer, string Type, long Parameters, long Zeros)
{
    /// <summary>Zeros as a percentage of the parameters (0 for an empty layer).</summary>
    public double Sparsity => Parameters == 0 ? 0 : 100.0 * Zeros / Parameters;
}
