namespace FasterSharp.Quantize;

/// <summary>The kinds of layers FasterSharp quantizes.</summary>
public enum QuantizedLayerKind
{
    /// <summary>A <see cref="TorchSharp.Modules.Conv2d"/> (any groups); weight [out, in/groups, kh, kw], channels on axis 0.</summary>
    Conv2d,

    /// <summary>A <see cref="TorchSharp.Modules.Linear"/>; weight [out, in], channels on axis 0.</summary>
    Linear,
}
