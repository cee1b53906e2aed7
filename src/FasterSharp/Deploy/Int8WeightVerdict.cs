using System.Globalization;
using FasterSharp.Quantize;

namespace FasterSharp.Deploy;

/// <summary>What <see cref="Int8WeightCheck.Ensure"/> decided: whether ONNX Runtime's integer kernels on this CPU
/// compute with full-range int8 weights ([−128, 127]) as TorchSharp's fake quantization does, or saturate, so that
/// weights must use 7 bits ([−64, 63], PyTorch's reduce_range) for an int8 ONNX file run here.</summary>
/// <param name="FullRangeExact">True: full-range weights are safe here; false: they saturate (or are forced off).</param>
/// <param name="FullRangeError">The check's error with full-range weights: max |ONNX Runtime − simulation| over the
/// largest simulated output; null when the verdict was forced or came from a check that could not run.</param>
/// <param name="ReducedRangeError">The same error with 7-bit weights (the control); null as above.</param>
/// <param name="Decision">How the verdict was reached, in words (forced, cached, measured) and what it found.</param>
/// <param name="Decided">False when the check could not run (e.g. no ONNX Runtime native library): then 7 bits are
/// suggested but <see cref="Export.OnnxExport.ExportQuantized"/> refuses nothing.</param>
public sealed record Int8WeightVerdict(bool FullRangeExact, double? FullRangeError, double? ReducedRangeError, string Decision, bool Decided = true)
{
    /// <summary>The per-channel weight scheme to calibrate with (<c>new Quantizer(weightScheme: …)</c>,
    /// <c>new QuantizeCallback(weightScheme: …)</c>) for an int8 ONNX file run on this machine: symmetric int8, full
    /// range when <see cref="FullRangeExact"/>, 7 bits otherwise.</summary>
    public QuantScheme WeightScheme => FullRangeExact ? QuantScheme.Int8Symmetric : Int8WeightCheck.ReducedWeights;

    /// <summary>One line: the verdict, the scheme it implies and how it was decided.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"int8 weights for ONNX Runtime: {(FullRangeExact ? "full range [-128, 127]" : "7 bits [-64, 63] (full range saturates)")}; {Decision}");
}
