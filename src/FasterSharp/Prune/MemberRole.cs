namespace FasterSharp.Prune;

/// <summary>How a layer takes part in a <see cref="ChannelGroup"/>.</summary>
public enum MemberRole
{
    /// <summary>Produces the channels: a Conv2d's filters or a Linear's output features (weight rows, bias).</summary>
    Producer,

    /// <summary>Reads the channels: a Conv2d's input channels or a Linear's input features (weight columns; after a
    /// flatten, a block of features per channel).</summary>
    Consumer,

    /// <summary>A BatchNorm on the channels (γ, β, running mean and variance per channel).</summary>
    BatchNorm,

    /// <summary>A depthwise Conv2d: one filter per channel, channels pass through.</summary>
    Depthwise,

    /// <summary>A residual sum that couples the channels of its inputs.</summary>
    Residual,
}
