namespace FasterSharp.Runtime;

/// <summary>What <see cref="ConvolutionSafety.Ensure"/> decided and found.</summary>
/// <param name="Isa">The value of <c>ONEDNN_MAX_CPU_ISA</c> in effect, or null when unset (no cap).</param>
/// <param name="OneDnnError">The float32-vs-float64 difference with oneDNN on, when that was wrong and Ensure turned
/// oneDNN off; null when the first check passed and oneDNN was left as it was.</param>
/// <param name="MaxAbsDifference">Largest float32-vs-float64 difference of the check convolution, as things are now.</param>
/// <param name="OneDnnEnabled">Whether LibTorch's oneDNN kernels are on now; null where the switch cannot be reached.</param>
/// <param name="Decision">How the cap was decided, in words (the verdict's source and what it found).</param>
public sealed record ConvolutionCheck(string? Isa, double? OneDnnError, double MaxAbsDifference, bool? OneDnnEnabled, string Decision)
{
    /// <summary>True when the difference is within <see cref="ConvolutionSafety.Tolerance"/>.</summary>
    public bool IsExact => MaxAbsDifference <= ConvolutionSafety.Tolerance;

    /// <summary>One line: the check's result and what is in effect, then the guard's decision.</summary>
    public override string ToString()
    {
        var check = $"float32 convolution check: max |float32 − float64| = {MaxAbsDifference:0.0e+00}";
        var state = OneDnnError is double faulty
            ? $"{check} with LibTorch's oneDNN kernels off (with them on: {faulty:0.0e+00})"
            : OneDnnEnabled == false ? $"{check} (oneDNN off)" : $"{check} ({ConvolutionSafety.IsaVariable}={Isa ?? "unset"})";
        return $"{state}; oneDNN guard: {Decision}";
    }
}
