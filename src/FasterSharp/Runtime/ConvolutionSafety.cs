using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>
/// Guards against a float32 convolution fault of the oneDNN 3.7.1 that LibTorch 2.10 (TorchSharp 0.107) bundles.
/// On some x64 CPUs (seen on an AVX-512 AMD EPYC, with the AVX-512, AVX2 and AVX kernels alike), its JIT reorder of a
/// plain input into a channel-blocked layout with padding (oneDNN issue 3280, fixed in oneDNN 3.8.1) corrupts
/// convolutions whose input channel count is above 16 and not a multiple of 16 (20, 50, 100, or the odd counts
/// pruning leaves): differences of order 1 instead of 1e-6. oneDNN's SSE4.1 kernels are exact; so are LibTorch's own
/// kernels, used while oneDNN is off (<see cref="OneDnn.Enabled"/>). On the tutorials' networks the SSE4.1 cap is
/// the faster of the two (158 s against 270 s for all tutorials in quick mode), so <see cref="Ensure"/> prefers it,
/// and turns oneDNN off only when the cap came too late.
/// </summary>
public static class ConvolutionSafety
{
    /// <summary>The environment variable oneDNN reads, once per process, to cap its instruction set.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The instruction-set cap <see cref="Ensure"/> applies when the variable is unset.</summary>
    public const string SafeIsa = "SSE41";

    /// <summary>The largest float32-vs-float64 difference <see cref="Ensure"/> accepts.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// On x64, caps oneDNN at <see cref="SafeIsa"/> unless <c>ONEDNN_MAX_CPU_ISA</c> is already set (a value set by
    /// the user is kept, e.g. <c>ALL</c> on a machine known to be unaffected); oneDNN reads the variable at its first
    /// convolution, so the cap works when this is called before the process's first one. Then checks a float32
    /// convolution with 20 input channels against float64. When it is wrong (the cap
    /// came too late, or the variable allows faulty kernels), turns LibTorch's oneDNN kernels off and checks again:
    /// later convolutions are exact either way; results computed before are not repaired. Calling it again only re-checks.
    /// </summary>
    /// <returns>The cap in effect, what the check found and whether oneDNN stays on.</returns>
    /// <exception cref="InvalidOperationException">The convolution is still wrong with oneDNN off.</exception>
    /// <exception cref="PlatformNotSupportedException">It is wrong and the loaded LibTorch's oneDNN switch cannot be
    /// reached; the message says how to cap oneDNN from outside instead.</exception>
    public static ConvolutionCheck Ensure()
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && string.IsNullOrEmpty(NativeVariable()))
            SetNativeVariable(SafeIsa);
        var error = Float32Error();
        if (error <= Tolerance) return new ConvolutionCheck(NativeVariable(), null, error, OneDnnOn());
        try
        {
            OneDnn.Enabled = false;
        }
        catch (PlatformNotSupportedException e)
        {
            throw new PlatformNotSupportedException(
                $"float32 convolution differs from float64 by {error:g3} (allowed: {Tolerance:g1}) and oneDNN cannot be turned " +
                $"off here ({e.Message}); start the process with {IsaVariable}={SafeIsa}, whose kernels are exact", e);
        }
        var check = new ConvolutionCheck(NativeVariable(), error, Float32Error(), OneDnnOn());
        if (!check.IsExact)
            throw new InvalidOperationException(
                $"float32 convolution differs from float64 by {check.MaxAbsDifference:g3} (allowed: {Tolerance:g1}) even " +
                $"with LibTorch's oneDNN kernels off (it was {error:g3} with them on)");
        return check;
    }

    /// <summary>Largest absolute difference between a float32 3×3 convolution of a [4, 20, 12, 12] input and the
    /// same convolution in float64 (fixed inputs from a private generator).</summary>
    public static double Float32Error()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20_241_202);   // its own generator: the global one is left alone
        var input = randn(new long[] { 4, 20, 12, 12 }, generator: generator);
        var weight = randn(new long[] { 8, 20, 3, 3 }, generator: generator) * 0.1;
        var single = nn.functional.conv2d(input, weight, padding: [1, 1]);
        var exact = nn.functional.conv2d(input.to(float64), weight.to(float64), padding: [1, 1]);
        return (single.to(float64) - exact).abs().max().item<double>();
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

    /// <summary>The variable as native code sees it (.NET on Unix keeps its own copy of the environment, so
    /// <see cref="Environment.GetEnvironmentVariable(string)"/> alone could disagree with what oneDNN reads).</summary>
    private static string? NativeVariable()
    {
        if (OperatingSystem.IsWindows()) return Environment.GetEnvironmentVariable(IsaVariable);
        var value = Marshal.PtrToStringUTF8(UnixEnvironment.getenv(IsaVariable));
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static void SetNativeVariable(string value)
    {
        // On Windows the process environment is the one native code reads; on Unix .NET does not call setenv.
        Environment.SetEnvironmentVariable(IsaVariable, value);
        if (!OperatingSystem.IsWindows() && UnixEnvironment.setenv(IsaVariable, value, 1) != 0)
            throw new InvalidOperationException($"setenv({IsaVariable}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    private static class UnixEnvironment
    {
        // .NET resolves "libc" to the C library on Linux and macOS (the NotebookRunner uses it the same way).
        private const string Library = "libc";

        [DllImport(Library, SetLastError = true)]
        internal static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

        [DllImport(Library)]
        internal static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    }
}
