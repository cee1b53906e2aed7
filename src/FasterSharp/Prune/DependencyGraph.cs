using System.Globalization;
using System.Text;
using FasterSharp.Display;
using FasterSharp.Metrics;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>The channel dependency groups of a model (in the spirit of Torch-Pruning's DepGraph): every set of
/// parameter slices that must shrink together. Found once from the model's structure — Sequential chains, the
/// layer kinds FasterSharp knows, and modules that describe their own forward pass (<see cref="IChannelFlow"/>:
/// our ResNet blocks, VGG) — checked against the shapes of one forward pass on a sample input.</summary>
/// <remarks>Channel coupling: a Conv2d/Linear starts a new group with its output channels; BatchNorm, activations,
/// pooling, dropout and depthwise convolutions keep their input's group; a flatten keeps it with H·W features per
/// channel (so a Linear after it loses a block of H·W input features per removed channel); a residual sum merges
/// the groups of its inputs (so in a ResNet stage the stem or previous stage, every block's last BatchNorm and
/// the downsample all share one group). The groups holding the model's input or output are not prunable.</remarks>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<DependencyGraph>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class DependencyGraph : IRichDisplay
{
    private DependencyGraph(nn.Module<Tensor, Tensor> model, IReadOnlyList<FlowNode> nodes, IReadOnlyList<FlowValue> values,
        IReadOnlyList<ChannelGroup> groups)
    {
        Model = model;
        Nodes = nodes;
        Values = values;
        Groups = groups;
    }

    /// <summary>The model the graph describes.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The dependency groups, in model order (by first member).</summary>
    public IReadOnlyList<ChannelGroup> Groups { get; }

    internal IReadOnlyList<FlowNode> Nodes { get; }

    internal IReadOnlyList<FlowValue> Values { get; }

    /// <summary>Finds the dependency groups of <paramref name="model"/>. The model is run once on
    /// <paramref name="sampleInput"/> in eval mode under no_grad (its weights and statistics do not change; its
    /// training flags are restored).</summary>
    /// <param name="model">The model.</param>
    /// <param name="sampleInput">An input batch of the shape the model is used with, e.g. <c>randn(1, 1, 28, 28)</c>.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point batch, or the model fails on it.</exception>
    /// <exception cref="UnsupportedModelException">A module the tools cannot follow (the message names it).</exception>
    public static DependencyGraph Build(nn.Module<Tensor, Tensor> model, Tensor sampleInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        var recording = ForwardRecording.Run(model, sampleInput);
        var builder = new FlowBuilder(recording);
        builder.Build(model);
        var nodes = builder.Nodes;
        var values = builder.Values;
        AssignSpaces(nodes, values);
        return new DependencyGraph(model, nodes, values, FindGroups(nodes, values));
    }

    /// <summary>The group whose producers include the layer named <paramref name="producer"/>, or null.</summary>
    public ChannelGroup? GroupProducedBy(string producer) =>
        Groups.FirstOrDefault(g => g.Members.Any(m => m.Role == MemberRole.Producer && m.Module == producer));

    /// <summary>One line per group: name, channels, prunable or why not, members.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"Dependency groups: {Groups.Count} ({Groups.Count(g => g.IsPrunable)} prunable)");
        foreach (var group in Groups)
        {
            text.Append('\n').Append(group.Index.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(group.Name)
                .Append(": ").Append(group.Channels.ToString(CultureInfo.InvariantCulture)).Append(" channels");
            if (!group.IsPrunable) text.Append(" (not prunable: ").Append(group.NotPrunableReason).Append(')');
            text.Append("\n   ").Append(string.Join(", ", group.Members));
        }
        return text.ToString();
    }

    /// <summary>The groups as an HTML table.</summary>
    public string ToHtml() => HtmlTable.Render(
        ["Group", "Channels", "Prunable", "Members"],
        Groups.Select(g => (IReadOnlyList<string?>)[g.Name, g.Channels.ToString("N0", CultureInfo.InvariantCulture),
            g.IsPrunable ? "yes" : "no: " + g.NotPrunableReason, string.Join(", ", g.Members)]));

    // ------------------------------------------------------------------ groups

    private static void AssignSpaces(IReadOnlyList<FlowNode> nodes, IReadOnlyList<FlowValue> values)
    {
        var parent = new List<int>();
        int NewSpace()
        {
            parent.Add(parent.Count);
            return parent.Count - 1;
        }
        int Find(int s)
        {
            while (parent[s] != s) s = parent[s] = parent[parent[s]];
            return s;
        }
        foreach (var node in nodes)
        {
            var output = node.Output;
            switch (node.Kind)
            {
                case NodeKind.Input or NodeKind.Conv or NodeKind.Linear:
                    output.Space = NewSpace();
                    output.Factor = 1;
                    break;
                case NodeKind.Flatten:
                {
                    var input = node.Inputs[0];
                    long spatial = 1;
                    for (var d = 2; d < input.ShapeArray.Length; d++) spatial *= input.ShapeArray[d];
                    output.Space = input.Space;
                    output.Factor = input.Factor * spatial;
                    break;
                }
                case NodeKind.Add:
                {
                    var first = node.Inputs[0];
                    foreach (var input in node.Inputs.Skip(1))
                    {
                        if (input.Factor != first.Factor)
                            throw new UnsupportedModelException(node.Name,
                                "it adds a flattened value to one of another layout; their features do not map to the same channels");
                        var (a, b) = (Find(first.Space), Find(input.Space));
                        if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
                    }
                    output.Space = first.Space;
                    output.Factor = first.Factor;
                    break;
                }
                default:
                    output.Space = node.Inputs[0].Space;
                    output.Factor = node.Inputs[0].Factor;
                    break;
            }
        }
        foreach (var value in values) value.Space = Find(value.Space);
    }

    private static List<ChannelGroup> FindGroups(IReadOnlyList<FlowNode> nodes, IReadOnlyList<FlowValue> values)
    {
        var parts = new Dictionary<int, List<GroupPart>>();
        void AddPart(FlowValue value, GroupPart part)
        {
            if (!parts.TryGetValue(value.Space, out var list)) parts[value.Space] = list = [];
            list.Add(part);
        }
        foreach (var node in nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Conv or NodeKind.Linear:
                    AddPart(node.Inputs[0], new GroupPart(node, MemberRole.Consumer, node.Inputs[0].Factor, node.Inputs[0]));
                    AddPart(node.Output, new GroupPart(node, MemberRole.Producer, 1, node.Output));
                    break;
                case NodeKind.DepthwiseConv:
                    AddPart(node.Inputs[0], new GroupPart(node, MemberRole.Depthwise, 1, node.Inputs[0]));
                    break;
                case NodeKind.BatchNorm:
                    AddPart(node.Inputs[0], new GroupPart(node, MemberRole.BatchNorm, node.Inputs[0].Factor, node.Inputs[0]));
                    break;
                case NodeKind.Add:
                    AddPart(node.Output, new GroupPart(node, MemberRole.Residual, node.Output.Factor, node.Output));
                    break;
            }
        }

        var groups = new List<ChannelGroup>();
        foreach (var space in values.Select(v => v.Space).Distinct().OrderBy(s => values.First(v => v.Space == s).Id))
        {
            var spaceValues = values.Where(v => v.Space == space).ToList();
            var channelCounts = spaceValues.Where(v => v.ShapeArray.Length >= 2).Select(v => v.ShapeArray[1] / v.Factor).Distinct().ToList();
            if (channelCounts.Count != 1 || spaceValues.Any(v => v.ShapeArray.Length < 2 || v.ShapeArray[1] % v.Factor != 0))
                throw new UnsupportedModelException(spaceValues[0].Producer?.Name ?? "",
                    $"the values coupled with it do not have one channel count ({string.Join(", ", spaceValues)})");
            var groupParts = parts.TryGetValue(space, out var list) ? list : [];
            string? reason = null;
            if (spaceValues.Any(v => v.Producer?.Kind == NodeKind.Input)) reason = "the model input's channels";
            else if (spaceValues.Any(v => v.IsModelOutput)) reason = "the model output's features";
            else if (!groupParts.Any(p => p.Role == MemberRole.Producer)) reason = "no layer produces these channels";
            else if (!groupParts.Any(p => p.Role == MemberRole.Consumer)) reason = "no layer reads these channels";
            if (groupParts.Count == 0) continue;
            var isInput = spaceValues.Any(v => v.Producer?.Kind == NodeKind.Input);
            groups.Add(new ChannelGroup(groups.Count, channelCounts[0], groupParts, spaceValues, reason, isInput ? "input" : null));
        }
        return groups;
    }
}
