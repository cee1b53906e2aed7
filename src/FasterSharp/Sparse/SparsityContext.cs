namespace FasterSharp.Sparse;

/// <summary>Where a <see cref="Sparsifier"/> compares scores (fasterai's <c>context</c>).</summary>
public enum SparsityContext
{
    /// <summary>Each layer reaches the sparsity on its own: one threshold per layer ("local").</summary>
    Local,

    /// <summary>One threshold over the scores of all selected layers together, so layers end at different
    /// sparsities whose weighted mean is the target ("global").</summary>
    Global,
}
