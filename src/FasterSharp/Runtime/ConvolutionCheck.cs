namespace FasterSharp.Runtime;

/// <summary>What <see cref="ConvolutionSafety.Ensure"/> found.</summary>
/// <param name="Isa">The value of <c>ONEDNN_MAX_CPU_ISA</c> in effect, or null when unset (not x64).</param>
/// <param name="MaxAbsDifference">Largest float32-vs-float64 difference of the check convolution.</param>
public sealed record ConvolutionCheck(string? Isa, double MaxAbsDifference)
{
    /// <summary>True when the difference is within <see cref="ConvolutionSafety.Tolerance"/>.</summary>
    public bool IsExact => MaxAbsDifference <= ConvolutionSafety.Tolerance;

    /// <inheritdoc/>
    public override string ToString() =>
        $"float32 convolution check: max |float32 − float64| = {MaxAbsDifference:0.0e+00} " +
        $"({ConvolutionSafety.IsaVariable}={Isa ?? "unset"})";
}
