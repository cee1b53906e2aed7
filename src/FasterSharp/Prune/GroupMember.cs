namespace FasterSharp.Prune;

/// <summary>One layer (or residual sum) of a <see cref="ChannelGroup"/>.</summary>
/// <param name="Module">The dotted module name ("layer1.0.conv2"), or the describing module plus "(add)" for a sum.</param>
/// <param name="Type">The module type ("Conv2d", "BatchNorm2d", "Linear") or "add".</param>
/// <param name="Role">How the layer takes part.</param>
/// <param name="FeaturesPerChannel">Features of this layer per group channel: 1, or a channel's spatial size for
/// a Linear (or BatchNorm1d) after a flatten.</param>
public sealed record GroupMember(string Module, string Type, MemberRole Role, long FeaturesPerChannel)
{
    /// <summary>E.g. "features.0 (Conv2d, out)", "classifier.0 (Linear, in ×9)".</summary>
    public override string ToString()
    {
        var role = Role switch
        {
            MemberRole.Producer => ", out",
            MemberRole.Consumer => ", in",
            _ => "",
        };
        var factor = FeaturesPerChannel > 1 ? $" ×{FeaturesPerChannel}" : "";
        return Role == MemberRole.Residual ? Module : $"{Module} ({Type}{role}{factor})";
    }
}
