namespace TorchSharp;

/// <summary>How a convolution fills the border it pads.</summary>
public enum PaddingModes
{
    /// <summary>Pad with zeros (the default).</summary>
    Zeros = 0,
    /// <summary>Mirror the input at the border, without repeating the edge.</summary>
    Reflect = 1,
    /// <summary>Repeat the edge value.</summary>
    Replicate = 2,
    /// <summary>Wrap around.</summary>
    Circular = 3,
    /// <summary>Pad with a constant (zero for convolutions).</summary>
    Constant = 4,
}

/// <summary>Padding given by intent rather than by size.</summary>
public enum Padding
{
    /// <summary>No padding.</summary>
    Valid = 0,
    /// <summary>Pad so that the output has the input's spatial size (stride 1 only).</summary>
    Same = 1,
}
