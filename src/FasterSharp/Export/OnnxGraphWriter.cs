using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Collects the nodes and initializers of one ONNX graph: unique tensor names, float32 initializers copied
/// from TorchSharp tensors, typed attributes. The exporter writes through it, and so does an
/// <see cref="IOnnxExportHook"/> that inserts nodes around a layer (e.g. QuantizeLinear/DequantizeLinear pairs).</summary>
internal sealed class OnnxGraphWriter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _constants;

    public GraphProto Graph { get; } = new();

    /// <summary>Reserves <paramref name="preferred"/>, or a numbered variant when it is taken.</summary>
    public string UniqueName(string preferred)
    {
        if (_names.Add(preferred)) return preferred;
        for (var i = 1; ; i++)
        {
            var candidate = $"{preferred}_{i}";
            if (_names.Add(candidate)) return candidate;
        }
    }

    /// <summary>Adds a float32 initializer holding a copy of <paramref name="tensor"/> (any device and dtype) and
    /// returns its name.</summary>
    public string AddInitializer(string preferredName, Tensor tensor)
    {
        using var data = tensor.detach().to(CPU).to_type(ScalarType.Float32).contiguous();
        var values = data.data<float>().ToArray();
        var proto = new TensorProto { Name = UniqueName(preferredName), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(data.shape);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");
        proto.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds an initializer of any element type and shape (e.g. an int8 zero point), raw little-endian bytes.</summary>
    public string AddInitializer(string preferredName, TensorProto.Types.DataType type, long[] dims, byte[] rawData)
    {
        var proto = new TensorProto { Name = UniqueName(preferredName), DataType = (int)type, RawData = ByteString.CopyFrom(rawData) };
        proto.Dims.AddRange(dims);
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A float32 scalar constant (an initializer of rank 0).</summary>
    public string Scalar(float value) =>
        AddInitializer($"const_{_constants++}", TensorProto.Types.DataType.Float, [], BitConverter.GetBytes(value));

    /// <summary>The int64 shape [0, -1] for a Reshape that flattens from dim 1 (one shared initializer).</summary>
    public string FlattenShape() => _flattenShape ??=
        AddInitializer("flatten_shape", TensorProto.Types.DataType.Int64, [2], [.. BitConverter.GetBytes(0L), .. BitConverter.GetBytes(-1L)]);

    private string? _flattenShape;

    /// <summary>Adds a node and returns its (single) output name.</summary>
    /// <param name="opType">The ONNX operator, e.g. "Conv".</param>
    /// <param name="name">The node name (made unique).</param>
    /// <param name="inputs">Input tensor names ("" for an omitted optional input).</param>
    /// <param name="output">The preferred output name (made unique), or null for one derived from the node name.</param>
    /// <param name="attributes">The node's attributes.</param>
    public string Node(string opType, string name, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName(name) };
        node.Input.AddRange(inputs);
        var outputName = UniqueName(output ?? node.Name + "_out");
        node.Output.Add(outputName);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputName;
    }

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] Nodes(string opType, string name, IEnumerable<string> inputs, int outputs)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName(name) };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(i => UniqueName($"{node.Name}_out{i}")).ToArray();
        node.Output.AddRange(names);
        Graph.Node.Add(node);
        return names;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float32 tensor value description with a symbolic batch dimension ("batch") and fixed other dims.</summary>
    public static ValueInfoProto BatchedFloat(string name, IReadOnlyList<long> shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in shape.Skip(1)) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape },
            },
        };
    }
}
