using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Physically removes channels from every member of some groups, as one transaction: all new tensors
/// are computed first (any failure leaves the model untouched), then assigned to the modules.</summary>
internal static class ChannelRemoval
{
    private sealed class Change
    {
        public long[]? KeepOut;
        public long[]? KeepIn;
        public long[]? KeepChannels;
    }

    /// <summary>Keeps channels <paramref name="keep"/>[g] (sorted) of each group g, removing the others from all members.</summary>
    public static void Apply(IReadOnlyDictionary<ChannelGroup, long[]> keep)
    {
        ModuleSurgery.EnsureAvailable();
        var changes = new Dictionary<nn.Module, (FlowNode Node, Change Change)>(ReferenceEqualityComparer.Instance);
        Change For(FlowNode node)
        {
            if (!changes.TryGetValue(node.Module!, out var entry)) changes[node.Module!] = entry = (node, new Change());
            return entry.Change;
        }
        foreach (var (group, kept) in keep)
        {
            if (kept.Length == 0) throw new InvalidOperationException($"group {group.Name} would keep no channel");
            if (kept.Length == group.Channels) continue;
            foreach (var part in group.Parts)
            {
                switch (part.Role)
                {
                    case MemberRole.Producer: For(part.Node).KeepOut = kept; break;
                    case MemberRole.Consumer: For(part.Node).KeepIn = Expand(kept, part.Factor); break;
                    case MemberRole.BatchNorm or MemberRole.Depthwise: For(part.Node).KeepChannels = Expand(kept, part.Factor); break;
                }
            }
        }

        var commits = new List<Action>();
        var created = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            foreach (var (module, (node, change)) in changes) commits.Add(Stage(module, node, change, created));
        }
        catch
        {
            foreach (var t in created) t.Dispose();
            throw;
        }
        foreach (var commit in commits) commit();
    }

    private static Action Stage(nn.Module module, FlowNode node, Change change, List<Tensor> created)
    {
        Tensor Select(Tensor source, int dim, long[]? indices)
        {
            if (indices is null) return source;
            using var index = tensor(indices, device: source.device);
            var result = source.detach().index_select(dim, index);
            created.Add(result);
            return result;
        }
        switch (module)
        {
            case Conv2d conv when node.Kind == NodeKind.DepthwiseConv:
            {
                var weight = Select(conv.weight, 0, change.KeepChannels);
                var bias = conv.bias is null ? null : Select(conv.bias, 0, change.KeepChannels);
                var channels = weight.shape[0];
                return () =>
                {
                    conv.weight = new Parameter(weight, conv.weight.requires_grad);
                    if (bias is not null) conv.bias = new Parameter(bias, conv.bias!.requires_grad);
                    ModuleSurgery.SetChannels(conv, channels, channels, channels);
                };
            }
            case Conv2d conv:
            {
                var weight = Select(Select(conv.weight, 0, change.KeepOut), 1, change.KeepIn);
                var bias = conv.bias is null ? null : Select(conv.bias, 0, change.KeepOut);
                var (outChannels, inChannels) = (weight.shape[0], weight.shape[1]);
                return () =>
                {
                    if (!ReferenceEquals(weight, conv.weight)) conv.weight = new Parameter(weight, conv.weight.requires_grad);
                    if (bias is not null && !ReferenceEquals(bias, conv.bias)) conv.bias = new Parameter(bias, conv.bias!.requires_grad);
                    ModuleSurgery.SetChannels(conv, inChannels, outChannels, 1);
                };
            }
            case Linear linear:
            {
                var weight = Select(Select(linear.weight, 0, change.KeepOut), 1, change.KeepIn);
                var bias = linear.bias is null ? null : Select(linear.bias, 0, change.KeepOut);
                var (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1]);
                return () =>
                {
                    if (!ReferenceEquals(weight, linear.weight)) linear.weight = new Parameter(weight, linear.weight.requires_grad);
                    if (bias is not null && !ReferenceEquals(bias, linear.bias)) linear.bias = new Parameter(bias, linear.bias!.requires_grad);
                    linear.in_features = inFeatures;
                    linear.out_features = outFeatures;
                };
            }
            case BatchNorm bn:
            {
                var keep = change.KeepChannels!;
                var weight = bn.weight is null ? null : Select(bn.weight, 0, keep);
                var bias = bn.bias is null ? null : Select(bn.bias, 0, keep);
                var mean = bn.running_mean is null ? null : Select(bn.running_mean, 0, keep);
                var variance = bn.running_var is null ? null : Select(bn.running_var, 0, keep);
                return () =>
                {
                    if (weight is not null) bn.weight = new Parameter(weight, bn.weight!.requires_grad);
                    if (bias is not null) bn.bias = new Parameter(bias, bn.bias!.requires_grad);
                    if (mean is not null) bn.running_mean = mean;
                    if (variance is not null) bn.running_var = variance;
                    ModuleSurgery.SetFeatures(bn, keep.Length);
                };
            }
            default:
                throw new UnsupportedModelException(node.Name, $"cannot remove channels from a {module.GetType().Name}");
        }
    }

    /// <summary>Channel indices to feature indices when each channel spans <paramref name="factor"/> features.</summary>
    public static long[] Expand(long[] channels, long factor)
    {
        if (factor == 1) return channels;
        var features = new long[channels.Length * factor];
        for (var i = 0; i < channels.Length; i++)
            for (long j = 0; j < factor; j++) features[i * factor + j] = channels[i] * factor + j;
        return features;
    }
}
