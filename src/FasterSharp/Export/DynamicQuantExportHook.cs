using FasterSharp.Quantize;
using Onnx;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes each Linear layer that the ranges cover as dynamic int8: DynamicQuantizeLinear on its input,
/// MatMulInteger with the int8 weight transposed to [in, out] (per-column zero points), Cast to float32, Mul by input
/// scale × weight scale per output channel, Add bias (ONNX Runtime's quantize_dynamic form, which it fuses into
/// DynamicQuantizeMatMul / MatMulIntegerToFloat).</summary>
internal sealed class DynamicQuantExportHook(QuantizationRanges ranges) : IOnnxExportHook
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>The weights' parameters written.</summary>
    public QuantizationRanges Ranges => ranges;

    public IReadOnlyCollection<string> Expected { get; } = ranges.Names.ToHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Written => _written;

    public string LayerInput(OnnxGraphWriter graph, string layer, nn.Module module, string input) => input;

    public string LayerWeight(OnnxGraphWriter graph, string layer, nn.Module module, string weight, Tensor weightTensor) => weight;

    public string LayerOutput(OnnxGraphWriter graph, string layer, string output) => output;

    public string AddInput(string input) => input;

    public string? Linear(OnnxGraphWriter graph, string layer, TorchSharp.Modules.Linear linear, string input)
    {
        if (ranges.Find(layer) is not { } quantization) return null;
        var parameters = quantization.Weight;
        var weightTensor = linear.weight!;
        var (channels, features) = (weightTensor.shape[0], weightTensor.shape[1]);
        if (parameters.Channels != channels)
            throw new ArgumentException($"the weights of layer '{layer}' hold {parameters.Channels} output channels but the layer has {channels}", "ranges");
        var quantizedInput = graph.Nodes("DynamicQuantizeLinear", layer + ".input_quantize", [input], 3);
        var weight = graph.AddInitializer(layer + ".weight_quantized", QdqExportHook.DataType(parameters.Scheme.Type), [features, channels],
            QdqExportHook.QuantizedBytes(parameters, weightTensor, transpose: true));
        var weightZeroPoint = QdqExportHook.ZeroPoint(graph, layer + ".weight_zero_point", parameters.Scheme.Type, parameters.ZeroPoints, [channels]);
        var product = graph.Node("MatMulInteger", layer + ".matmul", [quantizedInput[0], weight, quantizedInput[2], weightZeroPoint]);
        var asFloat = graph.Node("Cast", layer + ".cast", [product], null, OnnxGraphWriter.Int("to", (long)TensorProto.Types.DataType.Float));
        var weightScale = graph.AddInitializer(layer + ".weight_scale", TensorProto.Types.DataType.Float, [channels],
            parameters.Scales.SelectMany(BitConverter.GetBytes).ToArray());
        var scale = graph.Node("Mul", layer + ".scale", [quantizedInput[1], weightScale]);
        var output = graph.Node("Mul", layer + ".rescale", [asFloat, scale]);
        if (linear.bias is not null) output = graph.Node("Add", layer + ".bias_add", [output, graph.AddInitializer(layer + ".bias", linear.bias)]);
        _written.Add(layer);
        return output;
    }
}
