using FasterSharp.Quantize;
using Onnx;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes each layer that <see cref="QuantizationRanges"/> covers in ONNX's QDQ form: its activation input
/// through QuantizeLinear → DequantizeLinear (per tensor, uint8 or int8 as the range's scheme says) and its weight
/// as an int8 initializer behind DequantizeLinear (per output channel, axis 0). ONNX Runtime recognises these
/// patterns and runs the layers on integer kernels (QLinearConv, QGemm), moving the pairs across ReLU, pooling and
/// flatten itself.</summary>
internal sealed class QdqExportHook(QuantizationRanges ranges) : IOnnxExportHook
{
    /// <summary>The ranges written.</summary>
    public QuantizationRanges Ranges => ranges;

    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dequantizedInputs = new(StringComparer.Ordinal);

    /// <summary>The layers the ranges name.</summary>
    public IReadOnlyCollection<string> Expected { get; } = ranges.Names.ToHashSet(StringComparer.Ordinal);

    /// <summary>The layers of the ranges the graph wrote.</summary>
    public IReadOnlyCollection<string> Written => _written;

    public string LayerInput(OnnxGraphWriter graph, string layer, nn.Module module, string input)
    {
        if (ranges.Find(layer) is not { } quantization) return input;
        var parameters = quantization.Input;
        var scale = graph.Scalar(parameters.Scale);
        var zeroPoint = ZeroPoint(graph, layer + ".input_zero_point", parameters.Scheme.Type, [parameters.ZeroPoint], []);
        var quantized = graph.Node("QuantizeLinear", layer + ".input_quantize", [input, scale, zeroPoint]);
        var dequantized = graph.Node("DequantizeLinear", layer + ".input_dequantize", [quantized, scale, zeroPoint]);
        _dequantizedInputs.TryAdd(input, dequantized);
        return dequantized;
    }

    public string? Linear(OnnxGraphWriter graph, string layer, TorchSharp.Modules.Linear linear, string input) => null;

    public string AddInput(string input) => _dequantizedInputs.GetValueOrDefault(input, input);

    public string LayerOutput(OnnxGraphWriter graph, string layer, string output)
    {
        // The output range the calibration recorded: ONNX Runtime then runs the layer as QLinearConv/QGemm with an
        // int8 output (and an Add between two quantized tensors as QLinearAdd).
        if (ranges.Find(layer)?.Output is not { } parameters) return output;
        var scale = graph.Scalar(parameters.Scale);
        var zeroPoint = ZeroPoint(graph, layer + ".output_zero_point", parameters.Scheme.Type, [parameters.ZeroPoint], []);
        var quantized = graph.Node("QuantizeLinear", layer + ".output_quantize", [output, scale, zeroPoint]);
        return graph.Node("DequantizeLinear", layer + ".output_dequantize", [quantized, scale, zeroPoint]);
    }

    public string LayerWeight(OnnxGraphWriter graph, string layer, nn.Module module, string weight, Tensor weightTensor)
    {
        if (ranges.Find(layer) is not { } quantization) return weight;
        var parameters = quantization.Weight;
        var channels = weightTensor.shape[0];
        if (parameters.Channels != channels)
            throw new ArgumentException(
                $"the ranges of layer '{layer}' hold {parameters.Channels} output channels but the layer has {channels} (was the model pruned after calibration?); calibrate again",
                "ranges");
        var bytes = QuantizedBytes(parameters, weightTensor, transpose: false);
        var type = DataType(parameters.Scheme.Type);
        // The float initializer the exporter added is no longer read: drop it so the file holds int8 weights only.
        var floatWeight = graph.Graph.Initializer.Single(i => i.Name == weight);
        graph.Graph.Initializer.Remove(floatWeight);
        var quantizedWeight = graph.AddInitializer(weight + "_quantized", type, weightTensor.shape, bytes);
        var scaleBytes = parameters.Scales.SelectMany(BitConverter.GetBytes).ToArray();
        var scaleName = graph.AddInitializer(layer + ".weight_scale", TensorProto.Types.DataType.Float, [channels], scaleBytes);
        var zeroPoint = ZeroPoint(graph, layer + ".weight_zero_point", parameters.Scheme.Type, parameters.ZeroPoints, [channels]);
        _written.Add(layer);
        return graph.Node("DequantizeLinear", layer + ".weight_dequantize", [quantizedWeight, scaleName, zeroPoint], null,
            OnnxGraphWriter.Int("axis", 0));
    }

    /// <summary>The weight's integers per output channel (axis 0) as raw bytes, optionally transposed ([in, out] for MatMulInteger).</summary>
    internal static byte[] QuantizedBytes(ChannelQuantParams parameters, Tensor weightTensor, bool transpose)
    {
        // q = clamp(round(w / scale_c) + zero_point_c, qmin, qmax), rounding half to even as ONNX's QuantizeLinear does.
        using var scope = NewDisposeScope();
        var channels = weightTensor.shape[0];
        var shape = new long[weightTensor.dim()];
        Array.Fill(shape, 1L);
        shape[0] = channels;
        var scales = tensor(parameters.Scales.ToArray()).view(shape);
        var zeroPoints = tensor(parameters.ZeroPoints.Select(z => (float)z).ToArray()).view(shape);
        var w = weightTensor.detach().to(CPU).to_type(ScalarType.Float32);
        var q = (w / scales).round().add(zeroPoints).clamp(parameters.Scheme.QuantMin, parameters.Scheme.QuantMax);
        if (transpose) q = q.t();
        var values = q.contiguous().data<float>().ToArray();
        return parameters.Scheme.Type == QuantType.Int8
            ? values.Select(v => unchecked((byte)(sbyte)v)).ToArray()
            : values.Select(v => (byte)v).ToArray();
    }

    internal static string ZeroPoint(OnnxGraphWriter graph, string name, QuantType type, IReadOnlyList<int> values, long[] dims)
    {
        var bytes = type == QuantType.Int8 ? values.Select(v => unchecked((byte)(sbyte)v)).ToArray() : values.Select(v => (byte)v).ToArray();
        return graph.AddInitializer(name, DataType(type), dims, bytes);
    }

    internal static TensorProto.Types.DataType DataType(QuantType type) =>
        type == QuantType.Int8 ? TensorProto.Types.DataType.Int8 : TensorProto.Types.DataType.Uint8;
}
