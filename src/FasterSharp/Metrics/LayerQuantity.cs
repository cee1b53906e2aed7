namespace FasterSharp.Metrics;

/// <summary>A per-layer quantity to plot.</summary>
public enum LayerQuantity
{
    /// <summary>Parameters of the layer.</summary>
    Parameters,

    /// <summary>Non-zero parameters of the layer.</summary>
    NonZeroParameters,

    /// <summary>Multiply-accumulates per sample.</summary>
    Macs,
}
