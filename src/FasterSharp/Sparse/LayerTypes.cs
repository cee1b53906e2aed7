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
