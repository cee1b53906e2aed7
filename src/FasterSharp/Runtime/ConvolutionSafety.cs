using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>
/// Guards against a float32 convolution fault of the oneDNN 3.7.1 that LibTorch 2.10 (TorchSharp 0.107) bundles.
/// On some x64 CPUs (seen on an AVX-512 AMD EPYC, with the AVX-512, AVX2 and AVX kernels alike), its JIT reorder of a
/// plain input into a channel-blocked layout with padding (oneDNN issue 3280, fixed in oneDNN 3.8.1) corrupts
/// convolutions whose input channel count is above 16 and not a multiple of 16 (20, 50, 100, or the odd counts
/// pruning leaves): differences of order 1 instead of 1e-6. <see cref="Ensure"/> checks a convolution of that kind
/// and, where it is wrong, turns LibTorch's oneDNN kernels off (<see cref="OneDnn.Enabled"/>), so convolutions run on
/// LibTorch's own exact kernels.
/// </summary>
public static class ConvolutionSafety
{
    /// <summary>The largest float32-vs-float64 difference <see cref="Ensure"/> accepts.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// Checks a float32 convolution with 20 input channels (forward and both gradients) against float64. When it is
    /// wrong, turns LibTorch's oneDNN kernels off and checks again. It can be called at any time, and again: results
    /// computed before it are not repaired, so call it first (the tutorials do in their setup cell).
    /// </summary>
    /// <returns>What the check found and whether oneDNN stays on.</returns>
    /// <exception cref="InvalidOperationException">The convolution is still wrong with oneDNN off.</exception>
    /// <exception cref="PlatformNotSupportedException">It is wrong and the loaded LibTorch's oneDNN switch cannot be
    /// reached; the message says how to cap oneDNN from outside instead.</exception>
    public static ConvolutionCheck Ensure()
    {
        var error = Float32Error();
        if (error <= Tolerance) return new ConvolutionCheck(null, error, OneDnnOn());
        try
        {
            OneDnn.Enabled = false;
        }
        catch (PlatformNotSupportedException e)
        {
            throw new PlatformNotSupportedException(
                $"float32 convolution differs from float64 by {error:g3} (allowed: {Tolerance:g1}) and oneDNN cannot be turned " +
                $"off here ({e.Message}); start the process with ONEDNN_MAX_CPU_ISA=SSE41, whose kernels are exact", e);
        }
        var check = new ConvolutionCheck(error, Float32Error(), OneDnnOn());
        if (!check.IsExact)
            throw new InvalidOperationException(
                $"float32 convolution differs from float64 by {check.MaxAbsDifference:g3} (allowed: {Tolerance:g1}) even " +
                $"with LibTorch's oneDNN kernels off (it was {error:g3} with them on)");
        return check;
    }

    /// <summary>Largest absolute difference between a float32 3×3 convolution of a [4, 20, 12, 12] input — its output
    /// and its input and weight gradients — and the same computation in float64 (fixed inputs from a private
    /// generator; the global generator and grad mode are left alone).</summary>
    public static double Float32Error()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        using var generator = new Generator(20_241_202);   // its own generator: the global one is left alone
        var input = randn(new long[] { 4, 20, 12, 12 }, generator: generator);
        var weight = randn(new long[] { 8, 20, 3, 3 }, generator: generator) * 0.1;
        var upstream = randn(new long[] { 4, 8, 12, 12 }, generator: generator);
        var single = Convolve(input, weight, upstream);
        var exact = Convolve(input.to(float64), weight.to(float64), upstream.to(float64));
        return single.Zip(exact, (s, e) => (s.to(float64) - e).abs().max().item<double>()).Max();
    }

    // The output, the input gradient and the weight gradient of a padded 3×3 convolution.
    private static Tensor[] Convolve(Tensor input, Tensor weight, Tensor upstream)
    {
        var x = input.detach().requires_grad_(true);
        var w = weight.detach().requires_grad_(true);
        var output = nn.functional.conv2d(x, w, padding: [1, 1]);
        (output * upstream).sum().backward();
        return [output.detach(), x.grad!, w.grad!];
    }

    // Whether oneDNN is on; null where its switch cannot be reached (the check passed, so it does not matter).
    private static bool? OneDnnOn()
    {
        try
        {
            return OneDnn.Enabled;
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
