namespace FasterSharp.Prune;

/// <summary>A dependency group: channels that must be removed together from every member — the filters of the
/// layers that produce them, the BatchNorms on them, the input channels (or features) of the layers that read
/// them, across residual sums. Removing channel c of the group removes slice c from every member.</summary>
public sealed class ChannelGroup
{
    internal ChannelGroup(int index, long channels, IReadOnlyList<GroupPart> parts, IReadOnlyList<FlowValue> values, string? notPrunableReason,
        string? name = null)
    {
        Index = index;
        Channels = channels;
        Parts = parts;
        Values = values;
        NotPrunableReason = notPrunableReason;
        Members = parts.Select(p => p.ToMember()).ToList();
        Name = name ?? parts.FirstOrDefault(p => p.Role == MemberRole.Producer)?.Node.Name ?? Members.FirstOrDefault()?.Module ?? $"group {index}";
    }

    /// <summary>The position of the group in <see cref="DependencyGraph.Groups"/>.</summary>
    public int Index { get; }

    /// <summary>The group's name: its first producing layer (e.g. "layer1.0.conv2"), "input" for the model input's
    /// channels, else its first member.</summary>
    public string Name { get; }

    /// <summary>The number of channels.</summary>
    public long Channels { get; }

    /// <summary>The members, in model order.</summary>
    public IReadOnlyList<GroupMember> Members { get; }

    /// <summary>Whether channels can be removed: the group is produced by layers, read by layers, and is neither
    /// the model's input nor its output.</summary>
    public bool IsPrunable => NotPrunableReason is null;

    /// <summary>Why the group cannot be pruned, or null.</summary>
    public string? NotPrunableReason { get; }

    internal IReadOnlyList<GroupPart> Parts { get; }

    internal IReadOnlyList<FlowValue> Values { get; }

    /// <summary>E.g. "layer1.0.conv2: 64 channels, 9 members".</summary>
    public override string ToString() =>
        $"{Name}: {Channels} channels, {Members.Count} members" + (IsPrunable ? "" : $" (not prunable: {NotPrunableReason})");
}

/// <summary>A member of a group with its graph node and the value it touches.</summary>
internal sealed record GroupPart(FlowNode Node, MemberRole Role, long Factor, FlowValue Value)
{
    public GroupMember ToMember() => new(Node.Name, Node.TypeName, Role, Factor);
}
