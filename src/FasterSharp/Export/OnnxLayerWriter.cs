using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes the layers with weights (Conv2d, Linear, BatchNorm) as ONNX nodes, in eval-mode semantics.</summary>
internal static class OnnxLayerWriter
{
    public static string Conv(OnnxGraphWriter graph, string layer, Conv2d conv, string input, IOnnxExportHook? hook)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new UnsupportedModelException(layer, $"Conv2d with padding mode {conv.padding_mode}; ONNX Conv pads with zeros only");
        var kernel = conv.kernel_size;
        var dilation = conv.dilation ?? [1, 1];
        long[] pads;
        if (conv.padding_type == TorchSharp.Padding.Same)
        {
            // PyTorch's 'same': total padding d·(k − 1) per dim, the smaller half before.
            var total = kernel.Select((k, i) => dilation[i] * (k - 1)).ToArray();
            pads = [total[0] / 2, total[1] / 2, total[0] - total[0] / 2, total[1] - total[1] / 2];
        }
        else
        {
            var p = conv.padding is { Length: > 0 } given ? given : [0, 0];
            if (p.Length == 1) p = [p[0], p[0]];
            pads = [p[0], p[1], p[0], p[1]];
        }
        var x = hook?.LayerInput(graph, layer, conv, input) ?? input;
        var weight = graph.AddInitializer(layer + ".weight", conv.weight!);
        weight = hook?.LayerWeight(graph, layer, conv, weight, conv.weight!) ?? weight;
        var inputs = new List<string> { x, weight };
        if (conv.bias is not null) inputs.Add(graph.AddInitializer(layer + ".bias", conv.bias));
        return graph.Node("Conv", layer, inputs, null,
            OnnxGraphWriter.Ints("kernel_shape", kernel),
            OnnxGraphWriter.Ints("strides", conv.stride ?? [1, 1]),
            OnnxGraphWriter.Ints("pads", pads),
            OnnxGraphWriter.Ints("dilations", dilation),
            OnnxGraphWriter.Int("group", conv.groups));
    }

    public static string Linear(OnnxGraphWriter graph, string layer, Linear linear, string input, IOnnxExportHook? hook)
    {
        if (hook?.Linear(graph, layer, linear, input) is { } written) return written;
        var x = hook?.LayerInput(graph, layer, linear, input) ?? input;
        var weight = graph.AddInitializer(layer + ".weight", linear.weight!);
        weight = hook?.LayerWeight(graph, layer, linear, weight, linear.weight!) ?? weight;
        var inputs = new List<string> { x, weight };
        if (linear.bias is not null) inputs.Add(graph.AddInitializer(layer + ".bias", linear.bias));
        // y = x·Wᵀ + b on [N, in]: Gemm with transB.
        return graph.Node("Gemm", layer, inputs, null, OnnxGraphWriter.Int("transB", 1));
    }

    public static string BatchNorm(OnnxGraphWriter graph, string layer, BatchNorm bn, string input)
    {
        if (bn.running_mean is null || bn.running_var is null || !bn.track_running_stats)
            throw new UnsupportedModelException(layer,
                "BatchNorm without running statistics normalizes with each batch's own statistics even in eval mode; ONNX export needs running statistics");
        var channels = bn.num_features;
        using var unitScale = ones(channels);
        using var zeroShift = zeros(channels);
        var scale = graph.AddInitializer(layer + ".weight", bn.weight ?? unitScale);
        var bias = graph.AddInitializer(layer + ".bias", bn.bias ?? zeroShift);
        var mean = graph.AddInitializer(layer + ".running_mean", bn.running_mean);
        var variance = graph.AddInitializer(layer + ".running_var", bn.running_var);
        return graph.Node("BatchNormalization", layer, [input, scale, bias, mean, variance], null,
            OnnxGraphWriter.Float("epsilon", bn.eps));
    }
}
