using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>What a node of the flow graph does to channels.</summary>
internal enum NodeKind
{
    /// <summary>The model input.</summary>
    Input,
    /// <summary>A Conv2d with groups = 1: consumes its input channels, produces new output channels.</summary>
    Conv,
    /// <summary>A depthwise Conv2d (groups = in = out channels): one filter per channel, channels pass through.</summary>
    DepthwiseConv,
    /// <summary>A Conv2d with 1 &lt; groups that is not depthwise; only in graphs built for export (the channel tools
    /// refuse it: it couples channels in blocks).</summary>
    GroupedConv,
    /// <summary>A Linear on [N, features]: consumes its input features, produces new output features.</summary>
    Linear,
    /// <summary>A BatchNorm: per-channel affine map with parameters and running statistics.</summary>
    BatchNorm,
    /// <summary>A parameterless module that keeps channels apart and keeps their number (activation, dropout, identity).</summary>
    Passthrough,
    /// <summary>A pooling module: channels kept, spatial size changed.</summary>
    Pool,
    /// <summary>Flatten from dim 1: each channel becomes a block of features (its spatial size).</summary>
    Flatten,
    /// <summary>The element-wise sum of two or more values (a residual connection): their channels are coupled.</summary>
    Add,
    /// <summary>A functional element-wise operation declared in a flow description (e.g. a ReLU in forward code).</summary>
    Elementwise,
}

/// <summary>One operation in the flow graph: a leaf module call, or a functional operation declared by a
/// flow description (add, flatten, element-wise).</summary>
internal sealed class FlowNode(int id, NodeKind kind, string name, nn.Module? module, nn.Module? parent, string? childName, IReadOnlyList<FlowValue> inputs)
{
    public int Id { get; } = id;
    public NodeKind Kind { get; } = kind;

    /// <summary>The module's dotted name, or for a functional node the describing module's name plus the operation.</summary>
    public string Name { get; } = name;

    /// <summary>The leaf module (null for functional nodes and the input).</summary>
    public nn.Module? Module { get; } = module;

    /// <summary>The module that holds <see cref="Module"/> as a registered child (null for functional nodes and the model itself).</summary>
    public nn.Module? Parent { get; } = parent;

    /// <summary>The name under which <see cref="Parent"/> registered <see cref="Module"/>.</summary>
    public string? ChildName { get; } = childName;

    public IReadOnlyList<FlowValue> Inputs { get; } = inputs;

    public FlowValue Output { get; set; } = null!;

    /// <summary>Whether f(0) = 0 for this channel-wise operation (ReLU, pooling, dropout, …), so a channel that is
    /// zero stays zero.</summary>
    public bool PreservesZero { get; init; }

    /// <summary>The operation name a flow description gave an <see cref="NodeKind.Elementwise"/> node (e.g. "relu").</summary>
    public string? Operation { get; set; }

    /// <summary>The module's type name, or the operation for functional nodes.</summary>
    public string TypeName => Module?.GetType().Name ?? Kind.ToString().ToLowerInvariant();
}
