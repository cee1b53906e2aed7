namespace FasterSharp.Prune;

/// <summary>One dependency group of a <see cref="PruneResult"/>.</summary>
/// <param name="Group">The group's name (its first producing layer).</param>
/// <param name="Members">The group's members, e.g. "features.0 (Conv2d, out), features.1 (BatchNorm2d), …".</param>
/// <param name="ChannelsBefore">Channels before pruning.</param>
/// <param name="ChannelsAfter">Channels after pruning.</param>
public sealed record PruneResultRow(string Group, string Members, long ChannelsBefore, long ChannelsAfter)
{
    /// <summary>Channels removed.</summary>
    public long Removed => ChannelsBefore - ChannelsAfter;
}
