using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Walks a model's modules in PyTorch's <c>named_modules()</c> order (depth first, parent before
/// children; our <c>named_modules()</c> follows TorchSharp's breadth-first order instead).</summary>
internal static class ModelWalk
{
    /// <summary>The model's descendants with dotted names, depth first; the model itself comes first, named
    /// "", when it is itself a Conv2d or Linear (so a single layer can be sparsified).</summary>
    public static IEnumerable<(string Name, nn.Module Module)> DepthFirst(nn.Module model)
    {
        if (model is Conv2d or Linear) yield return ("", model);
        foreach (var item in Descendants(model, "")) yield return item;
    }

    private static IEnumerable<(string Name, nn.Module Module)> Descendants(nn.Module module, string prefix)
    {
        foreach (var (childName, child) in module.named_children())
        {
            var name = prefix.Length == 0 ? childName : $"{prefix}.{childName}";
            yield return (name, child);
            foreach (var item in Descendants(child, name)) yield return item;
        }
    }

    public static bool IsSelected(nn.Module module, LayerTypes types) => module switch
    {
        Conv2d => (types & LayerTypes.Conv2d) != 0,
        Linear => (types & LayerTypes.Linear) != 0,
        _ => false,
    };

    /// <summary>The first BatchNorm after <paramref name="conv"/> in the walk, before any other Conv2d or
    /// Linear, with conv.out_channels features; null if none.</summary>
    public static BatchNorm? FollowingBatchNorm(IReadOnlyList<(string Name, nn.Module Module)> walk, Conv2d conv)
    {
        var start = -1;
        for (var i = 0; i < walk.Count; i++)
            if (ReferenceEquals(walk[i].Module, conv)) { start = i; break; }
        if (start < 0) return null;
        for (var i = start + 1; i < walk.Count; i++)
        {
            switch (walk[i].Module)
            {
                case BatchNorm bn:
                    return bn.num_features == conv.out_channels ? bn : null;
                case Conv2d or Linear:
                    return null;
            }
        }
        return null;
    }
}
