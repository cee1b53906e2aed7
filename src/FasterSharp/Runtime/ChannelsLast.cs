using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>
/// PyTorch's channels-last memory format (<c>torch.channels_last</c>) for 4-D tensors: the same [N, C, H, W] shape and
/// values, stored with the channels innermost (NHWC strides). LibTorch then runs convolutions, BatchNorm and pooling
/// on that layout and keeps it for their outputs, and oneDNN skips the reorders into its blocked layouts.
/// </summary>
/// <remarks>TorchSharp 0.107 has no memory-format argument (<c>contiguous(memory_format)</c>, <c>to(memory_format)</c>),
/// so this helper makes the layout from its public API: a permute to NHWC, <c>contiguous()</c>, and the permute back,
/// which LibTorch recognizes as channels-last by its strides.</remarks>
public static class ChannelsLast
{
    /// <summary>The same values in channels-last layout: a new tensor for a 4-D tensor that is not already
    /// channels-last, else <paramref name="tensor"/> itself. Autograd flows through it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">The tensor is not 4-D ([N, C, H, W]).</exception>
    public static Tensor Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
            throw new ArgumentException($"channels-last applies to 4-D [N, C, H, W] tensors, got shape [{string.Join(", ", tensor.shape)}]", nameof(tensor));
        if (Is(tensor)) return tensor;
        using var nhwc = tensor.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }

    /// <summary>Whether a 4-D tensor is stored channels-last (NHWC strides; size-1 dimensions are not constrained,
    /// as in PyTorch's <c>is_contiguous(memory_format=torch.channels_last)</c>). False for other ranks.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static bool Is(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4) return false;
        var shape = tensor.shape;
        var strides = tensor.stride();
        long expected = 1;
        foreach (var d in new[] { 1, 3, 2, 0 })
        {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>Stores every 4-D parameter and buffer of <paramref name="model"/> (convolution weights) channels-last,
    /// in place: the same <c>Parameter</c> objects (an optimizer that holds them keeps working), the same
    /// values. PyTorch's <c>model.to(memory_format=torch.channels_last)</c>.</summary>
    /// <returns>How many tensors were converted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public static int Apply(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Models.DisposedModel.ThrowIfDisposed(model);
        var converted = 0;
        using var noGrad = no_grad();
        foreach (var tensor in model.parameters().Cast<Tensor>().Concat(model.buffers()))
        {
            if (tensor.dim() != 4 || Is(tensor)) continue;
            using var layout = Of(tensor);
            tensor.set_(layout);   // shares the new storage with its strides; the parameter object stays
            converted++;
        }
        return converted;
    }
}
