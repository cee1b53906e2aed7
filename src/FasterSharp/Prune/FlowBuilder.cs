using FasterSharp.Metrics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>Builds the flow graph of a model: what <see cref="IChannelFlow.DescribeFlow"/> implementations call
/// to declare each operation of their forward pass. Created by FasterSharp for one model and one recorded
/// forward pass; every call is checked against the shapes of that pass.</summary>
/// <remarks>Known without a description: <c>Sequential</c> (children in order), Conv2d (groups 1, or depthwise),
/// Linear on [N, features], BatchNorm1d/2d, the parameterless activations (ReLU, ReLU6, LeakyReLU, ELU, SELU,
/// CELU, GELU, SiLU, Mish, Tanh, Hardswish, Hardtanh, Sigmoid, Hardsigmoid, Softplus), Dropout, Dropout2d,
/// AlphaDropout, Identity, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, and Flatten from dim 1.
/// Any other module must implement <see cref="IChannelFlow"/>.</remarks>
public sealed class FlowBuilder
{
    private readonly ForwardRecording _recording;
    private readonly Stack<(nn.Module Module, string Path)> _frames = new();
    private readonly Dictionary<nn.Module, bool[]> _matched = new(ReferenceEqualityComparer.Instance);
    private readonly List<FlowNode> _nodes = [];
    private readonly List<FlowValue> _values = [];
    private readonly bool _allowGroupedConvolutions;

    /// <param name="recording">The forward pass the description is checked against.</param>
    /// <param name="allowGroupedConvolutions">Accept convolutions with 1 &lt; groups that are not depthwise as
    /// <see cref="NodeKind.GroupedConv"/> nodes: the ONNX exporter can write them; the channel tools cannot
    /// prune or fold through them, so they build without it.</param>
    internal FlowBuilder(ForwardRecording recording, bool allowGroupedConvolutions = false)
    {
        _recording = recording;
        _allowGroupedConvolutions = allowGroupedConvolutions;
    }

    internal IReadOnlyList<FlowNode> Nodes => _nodes;

    internal IReadOnlyList<FlowValue> Values => _values;

    /// <summary>Routes <paramref name="input"/> through <paramref name="child"/>, one of the registered children of
    /// the module being described, and returns its output.</summary>
    /// <param name="child">A child module (a layer, a Sequential, or a module with its own description).</param>
    /// <param name="input">A value of this description.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="UnsupportedModelException">The child is not a registered child of the described module, it
    /// did not receive a value of this shape in the forward pass, or it is of a kind the tools do not support.</exception>
    public FlowValue Call(nn.Module child, FlowValue input)
    {
        ArgumentNullException.ThrowIfNull(child);
        CheckOwn(input, nameof(input));
        var (parent, path) = _frames.Peek();
        var name = parent.named_children().FirstOrDefault(c => ReferenceEquals(c.module, child)).name
            ?? throw new UnsupportedModelException(path,
                $"its flow description calls a {child.GetType().Name} that is not one of its registered children");
        return Dispatch(child, Join(path, name), parent, name, input);
    }

    /// <summary>The element-wise sum of two or more values of the same shape (a residual connection): their
    /// channels are coupled and can only be pruned together.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="UnsupportedModelException">The shapes differ.</exception>
    public FlowValue Add(FlowValue first, FlowValue second, params FlowValue[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var inputs = new[] { first, second }.Concat(more).ToList();
        for (var i = 0; i < inputs.Count; i++) CheckOwn(inputs[i], i == 0 ? nameof(first) : i == 1 ? nameof(second) : nameof(more));
        var path = _frames.Peek().Path;
        if (inputs.Any(v => !v.ShapeArray.SequenceEqual(first.ShapeArray)))
            throw new UnsupportedModelException(path,
                $"its flow description adds values of different shapes ({string.Join(", ", inputs)}); only a sum of equal shapes couples channels one to one");
        return AddNode(NodeKind.Add, $"{Display(path)} (add)", null, null, null, inputs, first.ShapeArray, preservesZero: false);
    }

    /// <summary><c>x.flatten(1)</c>: [N, C, H, W] becomes [N, C·H·W]; each channel becomes a block of H·W features.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="UnsupportedModelException">The value has fewer than two dimensions.</exception>
    public FlowValue Flatten(FlowValue input)
    {
        CheckOwn(input, nameof(input));
        var path = _frames.Peek().Path;
        return AddNode(NodeKind.Flatten, $"{Display(path)} (flatten)", null, null, null, [input], FlattenedShape(input, path), preservesZero: true);
    }

    /// <summary>A functional operation applied to each element on its own (e.g. <c>functional.relu(x)</c>): it keeps
    /// the shape and keeps channels apart.</summary>
    /// <param name="input">A value of this description.</param>
    /// <param name="operation">A name for messages (e.g. "relu").</param>
    /// <param name="preservesZero">True when f(0) = 0 (ReLU, tanh, multiplication by a constant…), so channels that
    /// are exactly zero stay zero and can be removed losslessly. Default false.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException"><paramref name="operation"/> is empty.</exception>
    public FlowValue Elementwise(FlowValue input, string operation, bool preservesZero = false)
    {
        CheckOwn(input, nameof(input));
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var path = _frames.Peek().Path;
        var output = AddNode(NodeKind.Elementwise, $"{Display(path)} ({operation})", null, null, null, [input], input.ShapeArray, preservesZero);
        output.Producer!.Operation = operation;
        return output;
    }

    // ------------------------------------------------------------------ building

    internal FlowValue Build(nn.Module<Tensor, Tensor> model)
    {
        var input = NewValue(_recording.InputShape);
        var node = new FlowNode(_nodes.Count, NodeKind.Input, "input", null, null, null, []) { Output = input };
        _nodes.Add(node);
        input.Producer = node;
        _frames.Push((model, ""));
        var output = Dispatch(model, "", null, null, input);
        _frames.Pop();
        if (!output.ShapeArray.SequenceEqual(_recording.OutputShape))
            throw new UnsupportedModelException("",
                $"the flow description ends with a value of shape {output}, but the model returned [{string.Join(", ", _recording.OutputShape)}]");
        output.IsModelOutput = true;
        foreach (var (name, module) in _recording.Modules)
        {
            var calls = _recording.CallsOf(module);
            if (calls.Count == 0 || module is IChannelFlow || module.named_children().Any()) continue;
            var described = _matched.TryGetValue(module, out var flags) ? flags.Count(f => f) : 0;
            if (described < calls.Count)
                throw new UnsupportedModelException(name,
                    $"it ran {calls.Count} time(s) in the forward pass but the flow description includes {described} of them; " +
                    "its parent's forward uses it in a way the description does not declare (implement IChannelFlow on the parent)");
        }
        return output;
    }

    private FlowValue Dispatch(nn.Module module, string path, nn.Module? parent, string? childName, FlowValue input)
    {
        if (module is IChannelFlow described)
        {
            _frames.Push((module, path));
            FlowValue output;
            try
            {
                output = described.DescribeFlow(this, input);
            }
            finally
            {
                _frames.Pop();
            }
            if (output is null || !_values.Contains(output))
                throw new UnsupportedModelException(path, "its flow description returned a value that is not one of this graph's");
            CheckContainer(module, path, input, output);
            return output;
        }
        if (module is Sequential sequential)
        {
            var x = input;
            foreach (var (name, child) in sequential.named_children()) x = Dispatch(child, Join(path, name), sequential, name, x);
            CheckContainer(module, path, input, x);
            return x;
        }
        if (module.named_children().Any())
            throw new UnsupportedModelException(path,
                $"{module.GetType().Name} has submodules but no flow description; implement FasterSharp.Prune.IChannelFlow " +
                "to declare how its forward uses them (a module that concatenates or reshapes channels is not supported)");
        return Leaf(module, path, parent, childName, input);
    }

    private FlowValue Leaf(nn.Module module, string path, nn.Module? parent, string? childName, FlowValue input)
    {
        var call = MatchCall(module, path, input);
        var rank = input.ShapeArray.Length;
        var hasParameters = module.parameters().Any();
        if (hasParameters && _recording.CallsOf(module).Count > 1)
            throw new UnsupportedModelException(path,
                $"it runs {_recording.CallsOf(module).Count} times in one forward pass (shared weights); its channels cannot follow each use");
        var outShape = call.OutputShape;
        var name = Display(path);
        switch (module)
        {
            case Conv2d conv:
                if (rank != 4) throw new UnsupportedModelException(path, $"Conv2d on a rank-{rank} input; only batched [N, C, H, W] inputs are supported");
                if (conv.groups == 1) return AddNode(NodeKind.Conv, name, module, parent, childName, [input], outShape, false);
                if (conv.groups == conv.in_channels && conv.in_channels == conv.out_channels)
                    return AddNode(NodeKind.DepthwiseConv, name, module, parent, childName, [input], outShape, false);
                if (_allowGroupedConvolutions) return AddNode(NodeKind.GroupedConv, name, module, parent, childName, [input], outShape, false);
                throw new UnsupportedModelException(path,
                    $"grouped convolution (groups {conv.groups}, {conv.in_channels} → {conv.out_channels} channels) couples channels in blocks; " +
                    "only groups = 1 and depthwise convolutions are supported");
            case Linear:
                if (rank != 2)
                    throw new UnsupportedModelException(path, $"Linear on a rank-{rank} input; only [N, features] inputs are supported");
                return AddNode(NodeKind.Linear, name, module, parent, childName, [input], outShape, false);
            case BatchNorm:
                CheckSameShape(path, input, outShape);
                return AddNode(NodeKind.BatchNorm, name, module, parent, childName, [input], outShape, false);
            case ReLU or ReLU6 or LeakyReLU or ELU or SELU or CELU or GELU or SiLU or Mish or Tanh or Hardswish or Hardtanh
                or Dropout or Dropout2d or AlphaDropout or Identity:
                CheckSameShape(path, input, outShape);
                return AddNode(NodeKind.Passthrough, name, module, parent, childName, [input], outShape, true);
            case Sigmoid or Hardsigmoid or Softplus:
                CheckSameShape(path, input, outShape);
                return AddNode(NodeKind.Passthrough, name, module, parent, childName, [input], outShape, false);
            case MaxPool2d or AvgPool2d or AdaptiveAvgPool2d or AdaptiveMaxPool2d:
                if (rank != 4 || outShape.Length != 4 || outShape[1] != input.ShapeArray[1])
                    throw new UnsupportedModelException(path, $"pooling from {input} to [{string.Join(", ", outShape)}] changes the channel count");
                return AddNode(NodeKind.Pool, name, module, parent, childName, [input], outShape, true);
            case TorchSharp.Modules.Flatten flatten:
                if (flatten.start_dim != 1 || (flatten.end_dim != -1 && flatten.end_dim != rank - 1))
                    throw new UnsupportedModelException(path,
                        $"Flatten({flatten.start_dim}, {flatten.end_dim}); only flattening from dim 1 to the last dim is supported");
                return AddNode(NodeKind.Flatten, name, module, parent, childName, [input], FlattenedShape(input, path), true);
            default:
                throw new UnsupportedModelException(path,
                    $"{module.GetType().Name} is not a layer kind the structural tools know; if it keeps channels apart, implement " +
                    "FasterSharp.Prune.IChannelFlow on it (e.g. describe it with FlowBuilder.Elementwise)");
        }
    }

    private ModuleCall MatchCall(nn.Module module, string path, FlowValue input)
    {
        var calls = _recording.CallsOf(module);
        if (calls.Count == 0)
            throw new UnsupportedModelException(path, "the flow description routes data through it, but it did not run in the forward pass");
        if (!_matched.TryGetValue(module, out var flags)) _matched[module] = flags = new bool[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            if (flags[i] || !calls[i].InputShape.SequenceEqual(input.ShapeArray)) continue;
            flags[i] = true;
            return calls[i];
        }
        throw new UnsupportedModelException(path,
            $"the flow description sends it a value of shape {input}, but in the forward pass it received " +
            string.Join(" and ", calls.Select(c => "[" + string.Join(", ", c.InputShape) + "]")) +
            (flags.Any(f => f) ? " (already described)" : ""));
    }

    private void CheckContainer(nn.Module module, string path, FlowValue input, FlowValue output)
    {
        var calls = _recording.CallsOf(module);
        if (calls.Count == 0) return;
        if (!calls.Any(c => c.InputShape.SequenceEqual(input.ShapeArray) && c.OutputShape.SequenceEqual(output.ShapeArray)))
            throw new UnsupportedModelException(path,
                $"its flow description maps {input} to {output}, but in the forward pass it mapped " +
                string.Join(" and ", calls.Select(c => $"[{string.Join(", ", c.InputShape)}] to [{string.Join(", ", c.OutputShape)}]")));
    }

    private static void CheckSameShape(string path, FlowValue input, long[] outShape)
    {
        if (!input.ShapeArray.SequenceEqual(outShape))
            throw new UnsupportedModelException(path, $"it turned {input} into [{string.Join(", ", outShape)}]; a channel-wise layer keeps the shape");
    }

    private static long[] FlattenedShape(FlowValue input, string path)
    {
        var shape = input.ShapeArray;
        if (shape.Length < 2) throw new UnsupportedModelException(path, $"flatten from dim 1 of a value of shape {input}");
        long features = 1;
        for (var d = 1; d < shape.Length; d++) features *= shape[d];
        return [shape[0], features];
    }

    private FlowValue AddNode(NodeKind kind, string name, nn.Module? module, nn.Module? parent, string? childName,
        IReadOnlyList<FlowValue> inputs, long[] outputShape, bool preservesZero)
    {
        var node = new FlowNode(_nodes.Count, kind, name, module, parent, childName, inputs) { PreservesZero = preservesZero };
        _nodes.Add(node);
        foreach (var input in inputs) input.Consumers.Add(node);
        var output = NewValue(outputShape);
        output.Producer = node;
        node.Output = output;
        return output;
    }

    private FlowValue NewValue(long[] shape)
    {
        var value = new FlowValue(_values.Count, shape);
        _values.Add(value);
        return value;
    }

    private void CheckOwn(FlowValue value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Id >= _values.Count || !ReferenceEquals(_values[value.Id], value))
            throw new ArgumentException("the value comes from another flow description", parameterName);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static string Display(string path) => path.Length == 0 ? "model" : path;
}
