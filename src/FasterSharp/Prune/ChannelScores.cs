using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Scores the channels of a group with a <see cref="Criterion"/> over all its members: the producers'
/// filters, the consumers' input slices (a block of features per channel after a flatten), the BatchNorms' γ and
/// the depthwise filters. As in the <see cref="Sparsifier"/>, each weight tensor's element scores are shifted
/// positive (minus the minimum when negative, plus float32's epsilon); a channel's score is then the mean (or,
/// with <see cref="ScoreReduction.Sum"/>, the sum) of the scores of all its elements in all members.</summary>
internal static class ChannelScores
{
    public static double[] Compute(ChannelGroup group, Criterion criterion)
    {
        using var noGrad = no_grad();
        var channels = checked((int)group.Channels);
        var sums = new double[channels];
        var counts = new double[channels];
        foreach (var part in group.Parts)
        {
            var (weight, channelDim) = (part.Role, part.Node.Module) switch
            {
                (MemberRole.Producer, Conv2d c) => (c.weight, 0),
                (MemberRole.Producer, Linear l) => (l.weight, 0),
                (MemberRole.Consumer, Conv2d c) => (c.weight, 1),
                (MemberRole.Consumer, Linear l) => (l.weight, 1),
                (MemberRole.Depthwise, Conv2d c) => (c.weight, 0),
                (MemberRole.BatchNorm, BatchNorm bn) => (bn.weight is null ? null : (Tensor)bn.weight, 0),
                _ => ((Tensor?)null, 0),
            };
            if (weight is null) continue;
            // A criterion measured on data scores the convolutions and Linear layers it saw; BatchNorm γ is left to them.
            if (criterion.IsLayerAware && part.Role == MemberRole.BatchNorm) continue;
            using var scope = NewDisposeScope();
            var scores = criterion.ElementScores(weight.detach(), layer: part.Node.Name).to_type(ScalarType.Float64);
            var min = scores.min().item<double>();
            if (min < 0) scores = scores.sub(min);
            scores = scores.add(Criterion.Epsilon);
            var perFeature = scores.transpose(0, channelDim).reshape(scores.shape[channelDim], -1);
            var elementsPerFeature = perFeature.shape[1];
            var featureSums = ZeroChannels.ToDoubles(perFeature.sum(1));
            for (var f = 0; f < featureSums.Length; f++)
            {
                var c = f / part.Factor;
                sums[c] += featureSums[f];
                counts[c] += elementsPerFeature;
            }
        }
        return Enumerable.Range(0, channels)
            .Select(c => criterion.Reduction == ScoreReduction.Sum ? sums[c] : counts[c] == 0 ? 0 : sums[c] / counts[c])
            .ToArray();
    }
}
