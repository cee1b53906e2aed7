namespace FasterSharp.Prune;

/// <summary>The extension point of the structural tools: a module that routes data through its children in its
/// own <c>forward</c> (a residual block, a custom head) declares that routing here, so the <see cref="Pruner"/>
/// and the BatchNorm folder know which channels are coupled. TorchSharp exposes no autograd graph to trace, so
/// this description replaces PyTorch's <c>grad_fn</c> walk.</summary>
/// <remarks>
/// <para>Describe the forward pass step by step with the <see cref="FlowBuilder"/>: <see cref="FlowBuilder.Call"/>
/// for each child module call (a child is any module registered in this one), <see cref="FlowBuilder.Add"/> for a
/// residual sum, <see cref="FlowBuilder.Flatten"/> for <c>x.flatten(1)</c>, and
/// <see cref="FlowBuilder.Elementwise"/> for a functional per-element operation such as
/// <c>functional.relu(x)</c>. Sequential containers and the layer kinds FasterSharp knows need no
/// description.</para>
/// <para>The description is checked against a real forward pass on a sample input: every module that ran must
/// be described, with the shapes it really received, and the described output must have the module's real
/// output shape. A module whose channels mix in a way the builder cannot express (a concatenation, a reshape
/// across channels) should not implement this interface: the tools then stop with an
/// <see cref="UnsupportedModelException"/> naming it.</para>
/// <example><code>
/// public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
/// {
///     var x = flow.Call(bn2, flow.Call(conv2, flow.Call(relu, flow.Call(bn1, flow.Call(conv1, input)))));
///     var shortcut = downsample is null ? input : flow.Call(downsample, input);
///     return flow.Call(relu, flow.Add(x, shortcut));
/// }
/// </code></example>
/// </remarks>
public interface IChannelFlow
{
    /// <summary>Describes this module's forward pass on <paramref name="input"/> and returns its output.</summary>
    /// <param name="flow">The builder to describe each operation with.</param>
    /// <param name="input">The value this module receives.</param>
    /// <returns>The value this module returns.</returns>
    FlowValue DescribeFlow(FlowBuilder flow, FlowValue input);
}
