using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Which weights of a layer share one score and are kept or pruned together (fasterai's
/// granularities). A granularity is a set of weight dimensions the score is reduced over: for a Conv2d
/// weight [out, in, kh, kw], <see cref="Filter"/> reduces dims 1, 2, 3 (one score per output channel),
/// <see cref="Kernel"/> dims 2, 3 (one per out×in pair), <see cref="Weight"/> nothing (one per element).
/// Refer to one by its typed field (<c>Granularity.Filter</c>) or by fasterai's name
/// (<c>Granularity.Parse("filter")</c>, or a string converted implicitly).</summary>
public sealed class Granularity : IEquatable<Granularity>
{
    // Reduced dims per layer type and name, from fasterai's table (its dims count a leading batch axis;
    // these are the weight's own dims). Conv2d weight: [out, in, kh, kw]; Linear weight: [out, in].
    private static readonly Dictionary<string, long[]> Conv2dDims = new()
    {
        ["weight"] = [],
        ["shared_weight"] = [0],
        ["channel"] = [1],
        ["column"] = [2],
        ["row"] = [3],
        ["kernel"] = [2, 3],
        ["filter"] = [1, 2, 3],
        ["shared_channel"] = [0, 1],
        ["shared_column"] = [0, 2],
        ["shared_row"] = [0, 3],
        ["vertical_slice"] = [1, 2],
        ["horizontal_slice"] = [1, 3],
        ["shared_vertical_slice"] = [0, 1, 2],
        ["shared_horizontal_slice"] = [0, 1, 3],
        ["shared_kernel"] = [0, 2, 3],
        ["layer"] = [0, 1, 2, 3],
    };

    private static readonly Dictionary<string, long[]> LinearDims = new()
    {
        ["weight"] = [],
        ["column"] = [0],
        ["row"] = [1],
        ["layer"] = [0, 1],
    };

    private static readonly List<Granularity> AllGranularities = [];

    /// <summary>Each weight element scored on its own (unstructured sparsity). Conv2d and Linear.</summary>
    public static readonly Granularity Weight = new("weight");
    /// <summary>Conv2d: one score per (in, kh, kw) position shared by all filters (reduces dim 0).</summary>
    public static readonly Granularity SharedWeight = new("shared_weight");
    /// <summary>Conv2d: one score per (out, kh, kw), reduced over the input channels (dim 1).</summary>
    public static readonly Granularity Channel = new("channel");
    /// <summary>Conv2d: one score per kernel column (reduces dim 2, kh). Linear: one score per input
    /// feature, i.e. per column of the [out, in] matrix (reduces dim 0).</summary>
    public static readonly Granularity Column = new("column");
    /// <summary>Conv2d: one score per kernel row (reduces dim 3, kw). Linear: one score per output
    /// feature, i.e. per row of the [out, in] matrix (reduces dim 1).</summary>
    public static readonly Granularity Row = new("row");
    /// <summary>Conv2d: one score per kh×kw kernel, i.e. per (out, in) pair (reduces dims 2, 3).</summary>
    public static readonly Granularity Kernel = new("kernel");
    /// <summary>Conv2d: one score per filter, i.e. per output channel (reduces dims 1, 2, 3). Pruning a
    /// filter also zeroes its bias and the γ/β of the BatchNorm that follows the convolution.</summary>
    public static readonly Granularity Filter = new("filter");
    /// <summary>Conv2d: one score per (kh, kw) position shared by all filters and input channels (reduces dims 0, 1).</summary>
    public static readonly Granularity SharedChannel = new("shared_channel");
    /// <summary>Conv2d: one score per (in, kw) shared by all filters (reduces dims 0, 2).</summary>
    public static readonly Granularity SharedColumn = new("shared_column");
    /// <summary>Conv2d: one score per (in, kh) shared by all filters (reduces dims 0, 3).</summary>
    public static readonly Granularity SharedRow = new("shared_row");
    /// <summary>Conv2d: one score per (out, kw) (reduces dims 1, 2).</summary>
    public static readonly Granularity VerticalSlice = new("vertical_slice");
    /// <summary>Conv2d: one score per (out, kh) (reduces dims 1, 3).</summary>
    public static readonly Granularity HorizontalSlice = new("horizontal_slice");
    /// <summary>Conv2d: one score per kw position shared by everything else (reduces dims 0, 1, 2).</summary>
    public static readonly Granularity SharedVerticalSlice = new("shared_vertical_slice");
    /// <summary>Conv2d: one score per kh position shared by everything else (reduces dims 0, 1, 3).</summary>
    public static readonly Granularity SharedHorizontalSlice = new("shared_horizontal_slice");
    /// <summary>Conv2d: one score per input channel, shared by all filters (reduces dims 0, 2, 3).</summary>
    public static readonly Granularity SharedKernel = new("shared_kernel");
    /// <summary>The whole weight tensor shares one score (reduces every dim). Conv2d and Linear.</summary>
    public static readonly Granularity Layer = new("layer");

    private Granularity(string name)
    {
        Name = name;
        AllGranularities.Add(this);
    }

    /// <summary>fasterai's name of the granularity ("filter", "shared_kernel", …).</summary>
    public string Name { get; }

    /// <summary>Every granularity, in fasterai's order.</summary>
    public static IReadOnlyList<Granularity> All => AllGranularities;

    /// <summary>The granularity of that fasterai name (case-insensitive).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">No granularity has that name; the message lists the known names.</exception>
    public static Granularity Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AllGranularities.FirstOrDefault(g => string.Equals(g.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"unknown granularity '{name}'; known granularities: {string.Join(", ", AllGranularities.Select(g => g.Name))}", nameof(name));
    }

    /// <summary>Converts a fasterai name to its granularity (see <see cref="Parse"/>).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static implicit operator Granularity(string name) => Parse(name);

    /// <summary>The granularities allowed for a layer: all of <see cref="All"/> for Conv2d; weight,
    /// column, row and layer for Linear; none for any other module.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public static IReadOnlyList<Granularity> AllowedFor(nn.Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var table = TableFor(layer);
        return table is null ? [] : AllGranularities.Where(g => table.ContainsKey(g.Name)).ToList();
    }

    /// <summary>Whether this granularity applies to <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public bool IsAllowedFor(nn.Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return TableFor(layer)?.ContainsKey(Name) == true;
    }

    /// <summary>The dims of <paramref name="layer"/>'s weight that share one score (the dims the score is
    /// reduced over); empty for <see cref="Weight"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    /// <exception cref="ArgumentException">The granularity is not allowed for that layer type; the message
    /// names the layer type, the granularity and the allowed ones.</exception>
    public long[] ReducedDims(nn.Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var table = TableFor(layer)
            ?? throw new ArgumentException($"granularities apply to Conv2d and Linear layers, not to {layer.GetType().Name}", nameof(layer));
        if (!table.TryGetValue(Name, out var dims))
            throw new ArgumentException(
                $"granularity '{Name}' is not allowed for {layer.GetType().Name} layers; allowed: {string.Join(", ", AllowedFor(layer).Select(g => g.Name))}",
                nameof(layer));
        return (long[])dims.Clone();
    }

    /// <summary>Whether this granularity applies to at least one of the layer kinds in <paramref name="types"/>.</summary>
    internal bool IsAllowedForAny(LayerTypes types) =>
        ((types & LayerTypes.Conv2d) != 0 && Conv2dDims.ContainsKey(Name)) || ((types & LayerTypes.Linear) != 0 && LinearDims.ContainsKey(Name));

    private static Dictionary<string, long[]>? TableFor(nn.Module layer) => layer switch
    {
        Conv2d => Conv2dDims,
        Linear => LinearDims,
        _ => null,
    };

    /// <summary>The fasterai name.</summary>
    public override string ToString() => Name;

    /// <inheritdoc />
    public bool Equals(Granularity? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
