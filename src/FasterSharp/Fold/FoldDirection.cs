namespace FasterSharp.Fold;

/// <summary>Which neighbour a BatchNorm was folded into.</summary>
public enum FoldDirection
{
    /// <summary>Into the Conv2d or Linear that produces its input (conv → BN): W' = W·a, b' = (b − μ)·a + β per output
    /// channel, with a = γ/√(σ²+ε).</summary>
    IntoPreceding,

    /// <summary>Into the Conv2d (without padding) or Linear that reads its output, possibly through dropout, average
    /// pooling, max pooling (when every a ≥ 0) and flatten (BN → conv, as in conv → ReLU → BN → conv): W' = W·a per
    /// input channel, b' = b + W·(β − μ·a).</summary>
    IntoFollowing,
}
