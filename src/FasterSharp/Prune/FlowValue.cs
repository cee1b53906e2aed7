namespace FasterSharp.Prune;

/// <summary>A tensor flowing between operations in a flow description (<see cref="IChannelFlow"/>): what a
/// <see cref="FlowBuilder"/> call returns and takes. It carries the shape seen in the recorded forward pass.</summary>
public sealed class FlowValue
{
    internal FlowValue(int id, long[] shape)
    {
        Id = id;
        ShapeArray = shape;
    }

    internal int Id { get; }

    internal long[] ShapeArray { get; }

    internal FlowNode? Producer { get; set; }

    internal List<FlowNode> Consumers { get; } = [];

    /// <summary>Whether the value is the model's output.</summary>
    internal bool IsModelOutput { get; set; }

    /// <summary>The channel space (union-find root, set when the groups are found).</summary>
    internal int Space { get; set; } = -1;

    /// <summary>Features per channel: 1, or a channel's spatial size after a flatten.</summary>
    internal long Factor { get; set; } = 1;

    /// <summary>The shape of the value in the recorded forward pass (batch first).</summary>
    public IReadOnlyList<long> Shape => ShapeArray;

    /// <summary>The shape as text, e.g. "[1, 32, 28, 28]".</summary>
    public override string ToString() => "[" + string.Join(", ", ShapeArray) + "]";
}
