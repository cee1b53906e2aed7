using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Zeroes channels of a dependency group in every member that produces them — the producers' filters and
/// biases, the BatchNorms' γ and β, depthwise filters and biases — so each zeroed channel outputs exactly zero
/// everywhere it is read and <see cref="Pruner.RemoveZeroFilters"/> can later remove it losslessly.</summary>
internal static class GroupZeroing
{
    /// <summary>The tensors that <see cref="Zero"/> writes for <paramref name="group"/>, each with the features per
    /// group channel along its dim 0.</summary>
    public static IEnumerable<(Tensor Tensor, long Factor)> Targets(ChannelGroup group)
    {
        foreach (var part in group.Parts)
        {
            var tensors = (part.Role, part.Node.Module) switch
            {
                (MemberRole.Producer or MemberRole.Depthwise, Conv2d c) => new Tensor?[] { c.weight, c.bias },
                (MemberRole.Producer, Linear l) => [l.weight, l.bias],
                (MemberRole.BatchNorm, BatchNorm bn) => [bn.weight, bn.bias],
                _ => [],
            };
            var factor = part.Role == MemberRole.Producer ? 1 : part.Factor;
            foreach (var t in tensors)
                if (t is not null) yield return (t, factor);
        }
    }

    /// <summary>Writes zeros into channels <paramref name="channels"/> of every target of <paramref name="group"/>.</summary>
    public static void Zero(ChannelGroup group, IReadOnlyCollection<long> channels)
    {
        if (channels.Count == 0) return;
        using var noGrad = no_grad();
        foreach (var (target, factor) in Targets(group))
        {
            var indices = factor == 1 ? channels.ToArray() : channels.SelectMany(c => Enumerable.Range(0, (int)factor).Select(j => c * factor + j)).ToArray();
            using var index = tensor(indices);
            target.index_fill_(0, index, 0);
        }
    }

    /// <summary>The indices of the <paramref name="count"/> lowest scores (ties: lower index first).</summary>
    public static long[] Lowest(double[] scores, long count) =>
        scores.Select((s, c) => (s, c)).OrderBy(x => x.s).ThenBy(x => x.c).Take((int)count).Select(x => (long)x.c).ToArray();
}
