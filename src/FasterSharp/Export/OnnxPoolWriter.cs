using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes pooling modules. Adaptive pooling becomes global pooling (output 1×1) or a fixed pooling whose
/// window is the input size over the output size, which is exact when the sizes divide (the shapes are those of
/// the recorded pass; only the batch dimension is dynamic).</summary>
internal static class OnnxPoolWriter
{
    public static string Write(OnnxGraphWriter graph, string layer, nn.Module module, string x, IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape)
    {
        switch (module)
        {
            case MaxPool2d max:
            {
                var kernel = Pair(max.kernel_size);
                return graph.Node("MaxPool", layer, [x], null,
                    OnnxGraphWriter.Ints("kernel_shape", kernel),
                    OnnxGraphWriter.Ints("strides", max.stride is { Length: > 0 } s ? Pair(s) : kernel),
                    OnnxGraphWriter.Ints("pads", Pads(max.padding)),
                    OnnxGraphWriter.Ints("dilations", max.dilation is { Length: > 0 } d ? Pair(d) : [1, 1]),
                    OnnxGraphWriter.Int("ceil_mode", max.ceil_mode ? 1 : 0));
            }
            case AvgPool2d avg:
            {
                if (avg.divisor_override is not null)
                    throw new UnsupportedModelException(layer, "AvgPool2d with divisor_override has no ONNX AveragePool equivalent");
                var kernel = Pair(avg.kernel_size);
                return graph.Node("AveragePool", layer, [x], null,
                    OnnxGraphWriter.Ints("kernel_shape", kernel),
                    OnnxGraphWriter.Ints("strides", avg.stride is { Length: > 0 } s ? Pair(s) : kernel),
                    OnnxGraphWriter.Ints("pads", Pads(avg.padding)),
                    OnnxGraphWriter.Int("ceil_mode", avg.ceil_mode ? 1 : 0),
                    OnnxGraphWriter.Int("count_include_pad", avg.count_include_pad ? 1 : 0));
            }
            case AdaptiveAvgPool2d or AdaptiveMaxPool2d:
            {
                var isMax = module is AdaptiveMaxPool2d;
                var (h, w, oh, ow) = (inputShape[2], inputShape[3], outputShape[2], outputShape[3]);
                if (oh == 1 && ow == 1) return graph.Node(isMax ? "GlobalMaxPool" : "GlobalAveragePool", layer, [x]);
                if (h % oh != 0 || w % ow != 0)
                    throw new UnsupportedModelException(layer,
                        $"adaptive pooling from {h}×{w} to {oh}×{ow} uses windows of unequal size; ONNX export supports output sizes that divide the input size");
                long[] window = [h / oh, w / ow];
                return graph.Node(isMax ? "MaxPool" : "AveragePool", layer, [x], null,
                    OnnxGraphWriter.Ints("kernel_shape", window), OnnxGraphWriter.Ints("strides", window));
            }
            default:
                throw new UnsupportedModelException(layer, $"{module.GetType().Name} has no ONNX translation in FasterSharp");
        }
    }

    private static long[] Pair(long[] values) => values.Length == 1 ? [values[0], values[0]] : values;

    private static long[] Pads(long[]? padding)
    {
        var p = padding is { Length: > 0 } ? Pair(padding) : [0, 0];
        return [p[0], p[1], p[0], p[1]];
    }
}
