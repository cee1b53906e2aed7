namespace TorchSharp;

public static partial class torch
{
    /// <summary>How <see cref="Tensor.div(Tensor, RoundingMode)"/> rounds its result.</summary>
    public enum RoundingMode
    {
        /// <summary>No rounding: true division.</summary>
        None,
        /// <summary>Round towards zero (C-style integer division).</summary>
        trunc,
        /// <summary>Round down (Python-style floor division).</summary>
        floor,
    }
}
