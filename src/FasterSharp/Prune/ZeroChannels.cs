using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Finds the channels that are exactly zero for every input — what filter sparsification leaves behind —
/// by following the graph: a Conv2d/Linear output is zero when its filter is zero on every live input and its bias
/// is zero; a BatchNorm output is zero when γ = β = 0, or when its input is zero and β = 0 and μ·γ = 0;
/// zero-preserving operations (ReLU, pooling, dropout, …) keep zeros; a sum is zero when all its inputs are.
/// A group's channel can be removed losslessly when it is zero wherever a layer reads it.</summary>
internal static class ZeroChannels
{
    /// <summary>For each group, the channels that are zero at every consumer.</summary>
    public static Dictionary<ChannelGroup, bool[]> Find(DependencyGraph graph)
    {
        using var noGrad = no_grad();
        var zero = new Dictionary<FlowValue, bool[]>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes) zero[node.Output] = Propagate(node, zero);
        var result = new Dictionary<ChannelGroup, bool[]>();
        foreach (var group in graph.Groups)
        {
            var removable = Enumerable.Repeat(true, checked((int)group.Channels)).ToArray();
            var consumers = group.Parts.Where(p => p.Role == MemberRole.Consumer).ToList();
            if (consumers.Count == 0) Array.Fill(removable, false);
            foreach (var part in consumers)
            {
                var features = zero[part.Value];
                for (var c = 0; c < removable.Length; c++)
                    for (var j = 0; j < part.Factor && removable[c]; j++)
                        removable[c] &= features[c * part.Factor + j];
            }
            result[group] = removable;
        }
        return result;
    }

    private static bool[] Propagate(FlowNode node, Dictionary<FlowValue, bool[]> zero)
    {
        var width = checked((int)node.Output.ShapeArray[1]);
        bool[] Input(int i = 0) => zero[node.Inputs[i]];
        switch (node.Kind)
        {
            case NodeKind.Input:
                return new bool[width];
            case NodeKind.Conv:
            {
                var conv = (Conv2d)node.Module!;
                using var magnitude = conv.weight.detach().abs().sum([2, 3]);
                return ZeroRows(magnitude, Input(), conv.bias);
            }
            case NodeKind.Linear:
            {
                var linear = (Linear)node.Module!;
                using var magnitude = linear.weight.detach().abs();
                return ZeroRows(magnitude, Input(), linear.bias);
            }
            case NodeKind.DepthwiseConv:
            {
                var conv = (Conv2d)node.Module!;
                using var magnitude = conv.weight.detach().abs().sum([1, 2, 3]);
                var filterZero = ToDoubles(magnitude).Select(v => v == 0).ToArray();
                var bias = conv.bias is null ? new double[width] : ToDoubles(conv.bias);
                var input = Input();
                return Enumerable.Range(0, width).Select(c => (input[c] || filterZero[c]) && bias[c] == 0).ToArray();
            }
            case NodeKind.BatchNorm:
            {
                var bn = (BatchNorm)node.Module!;
                var gamma = bn.weight is null ? Enumerable.Repeat(1.0, width).ToArray() : ToDoubles(bn.weight);
                var beta = bn.bias is null ? new double[width] : ToDoubles(bn.bias);
                var mean = bn.running_mean is null ? null : ToDoubles(bn.running_mean);
                var input = Input();
                // Without running statistics BN normalizes with batch statistics even in eval mode: only γ = β = 0 is zero.
                return Enumerable.Range(0, width)
                    .Select(j => (gamma[j] == 0 && beta[j] == 0) || (mean is not null && input[j] && beta[j] == 0 && (mean[j] == 0 || gamma[j] == 0)))
                    .ToArray();
            }
            case NodeKind.Flatten:
            {
                var input = Input();
                var perChannel = width / Math.Max(1, input.Length);
                return Enumerable.Range(0, width).Select(j => input[j / perChannel]).ToArray();
            }
            case NodeKind.Add:
                return Enumerable.Range(0, width).Select(j => node.Inputs.All(v => zero[v][j])).ToArray();
            default:
                return node.PreservesZero ? (bool[])Input().Clone() : new bool[width];
        }
    }

    /// <summary>Rows of |W| (summed to [out, in]) that are zero on every input not known to be zero, with a zero bias.</summary>
    private static bool[] ZeroRows(Tensor magnitude, bool[] inputZero, Tensor? bias)
    {
        var rows = magnitude.shape[0];
        var live = Enumerable.Range(0, inputZero.Length).Where(i => !inputZero[i]).Select(i => (long)i).ToArray();
        double[] rowSums;
        if (live.Length == 0) rowSums = new double[rows];
        else
        {
            using var index = tensor(live);
            using var selected = magnitude.index_select(1, index);
            using var sums = selected.sum(1);
            rowSums = ToDoubles(sums);
        }
        var biases = bias is null ? new double[rows] : ToDoubles(bias);
        return Enumerable.Range(0, (int)rows).Select(o => rowSums[o] == 0 && biases[o] == 0).ToArray();
    }

    internal static double[] ToDoubles(Tensor t)
    {
        using var d = t.detach().to_type(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }
}
