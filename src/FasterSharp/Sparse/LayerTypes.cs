namespace FasterSharp.Sparse;

/// <summary>The kinds of layers a <see cref="Sparsifier"/> or a <see cref="SparsityReport"/> looks at
/// (fasterai's <c>layer_type</c>). Combine with <c>|</c>.</summary>
[Flags]
public enum LayerTypes
{
    /// <summary>No layer (never valid as a selection; present because this is a flags enum).</summary>
    None = 0,

    /// <summary><see cref="TorchSharp.Modules.Conv2d"/> layers (the default, as in fasterai).</summary>
    Conv2d = 1,

    /// <summary><see cref="TorchSharp.Modules.Linear"/> layers.</summary>
    Linear = 2,

    /// <summary>Both Conv2d and Linear layers.</summary>
    Conv2dAndLinear = Conv2d | Linear,
}

/// <summary>The one check of a <see cref="LayerTypes"/> argument that every entry point taking one makes.</summary>
internal static class LayerTypesCheck
{
    /// <summary>Throws unless <paramref name="layerTypes"/> is Conv2d, Linear or both.</summary>
    /// <exception cref="ArgumentException">None, or a value outside the defined flags.</exception>
    public static void ThrowIfInvalid(LayerTypes layerTypes, string parameterName)
    {
        if (layerTypes == LayerTypes.None || (layerTypes & ~LayerTypes.Conv2dAndLinear) != 0)
            throw new ArgumentException($"layer types must be Conv2d, Linear or both, got {layerTypes}", parameterName);
    }
}
