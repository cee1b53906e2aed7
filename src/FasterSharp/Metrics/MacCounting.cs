using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>Multiply-accumulates of one module call, per sample, from the shapes the call saw.</summary>
/// <remarks>Counted: Conv2d (output elements × in/groups × kh × kw; bias adds not counted), Linear (output
/// elements × in features), BatchNorm (one multiply-add per element, as in eval mode), MaxPool2d/AvgPool2d (one
/// operation per window element: output elements × kh × kw) and AdaptiveAvg/MaxPool2d (the sum of their window
/// sizes per channel). Not counted (null): activations, dropout, flatten, identity, and anything computed by
/// forward code outside modules (residual additions, functional ops).</remarks>
internal static class MacCounting
{
    public static long? PerSample(nn.Module module, ModuleCall call)
    {
        var output = PerSampleElements(call.OutputShape);
        switch (module)
        {
            case Conv2d conv:
                return output * (conv.in_channels / conv.groups) * conv.kernel_size.Aggregate(1L, (a, k) => a * k);
            case Linear linear:
                return output * linear.in_features;
            case BatchNorm:
                return output;
            case MaxPool2d pool:
                return output * WindowArea(pool.kernel_size);
            case AvgPool2d pool:
                return output * WindowArea(pool.kernel_size);
            case AdaptiveAvgPool2d or AdaptiveMaxPool2d:
            {
                var input = call.InputShape;
                var outShape = call.OutputShape;
                if (input.Length < 3 || outShape.Length != input.Length) return null;
                var (h, w) = (input[^2], input[^1]);
                var (oh, ow) = (outShape[^2], outShape[^1]);
                var channels = PerSampleElements(input) / (h * w);
                return channels * AdaptiveWindows(h, oh) * AdaptiveWindows(w, ow);
            }
            default:
                return null;
        }
    }

    /// <summary>Elements of one sample: the product of all dims but the first (the batch).</summary>
    public static long PerSampleElements(long[] shape)
    {
        long n = 1;
        for (var d = 1; d < shape.Length; d++) n *= shape[d];
        return n;
    }

    private static long WindowArea(long[] kernel) => kernel.Length == 1 ? kernel[0] * kernel[0] : kernel.Aggregate(1L, (a, k) => a * k);

    // PyTorch's adaptive pooling window i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉).
    private static long AdaptiveWindows(long input, long output)
    {
        long total = 0;
        for (long i = 0; i < output; i++)
        {
            var start = i * input / output;
            var end = ((i + 1) * input + output - 1) / output;
            total += end - start;
        }
        return total;
    }
}
