using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>
/// Guards against a float32 convolution fault of the oneDNN 3.7.1 that LibTorch 2.10 (TorchSharp 0.107) bundles.
/// On some x64 CPUs (seen on one AVX-512 AMD EPYC, with the AVX-512, AVX2 and AVX kernels alike, and not on another
/// of the same family), its JIT reorder of a plain input into a channel-blocked layout with padding (oneDNN issue
/// 3280, fixed in oneDNN 3.8.1) corrupts convolutions whose input channel count is above 16 and not a multiple of 16
/// (20, 50, 100, or the odd counts pruning leaves): differences of order 1 instead of 1e-6. oneDNN's SSE4.1 kernels
/// are exact; so are LibTorch's own kernels, used while oneDNN is off (<see cref="OneDnn.Enabled"/>). The cap costs
/// about 1.8× in training and inference where oneDNN is exact, so <see cref="Ensure"/> measures before it caps.
/// </summary>
public static class ConvolutionSafety
{
    /// <summary>The environment variable oneDNN reads, once per process, to cap its instruction set.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The variable that forces the verdict of the check: <c>faulty</c> (cap) or <c>exact</c> (no cap),
    /// without running or caching it.</summary>
    public const string VerdictVariable = "FASTERSHARP_ONEDNN_VERDICT";

    /// <summary>The instruction-set cap <see cref="Ensure"/> applies where oneDNN was found faulty.</summary>
    public const string SafeIsa = "SSE41";

    /// <summary>The largest float32-vs-float64 difference the checks accept (relative to the values' scale in the
    /// child check, absolute in <see cref="Float32Error"/>, whose values are of order 1).</summary>
    public const double Tolerance = 1e-4;

    private static readonly object Gate = new();
    private static string? _decision;

    /// <summary>
    /// Decides, once per process, whether to cap oneDNN, then checks a float32 convolution against float64.
    /// <list type="bullet">
    /// <item>On x64, unless <c>ONEDNN_MAX_CPU_ISA</c> is already set (a user's value is kept: <c>ALL</c> for no cap,
    /// <c>SSE41</c> to cap), the verdict comes from <c>FASTERSHARP_ONEDNN_VERDICT</c> (<c>exact</c> or <c>faulty</c>)
    /// when set, else from the cache for this CPU and LibTorch, else from a check in a short child process with
    /// oneDNN at its full instruction set (forward and both gradients over the fault's shapes), whose verdict is
    /// cached. Faulty: oneDNN is capped at <see cref="SafeIsa"/> (read at this process's first convolution, so call
    /// Ensure before any). Exact: no cap. No verdict (the child could not run): capped, to be safe, and not cached.</item>
    /// <item>Then a float32 convolution with 20 input channels is checked against float64 in this process. When it
    /// is wrong (a convolution ran before Ensure, or a cached verdict no longer holds), LibTorch's oneDNN kernels are
    /// turned off and it is checked again, and the verdict is cached as faulty: later convolutions are exact either
    /// way; results computed before are not repaired. Calling Ensure again only re-checks.</item>
    /// </list>
    /// </summary>
    /// <returns>The cap in effect, how it was decided, what the check found and whether oneDNN stays on.</returns>
    /// <exception cref="InvalidOperationException">The convolution is still wrong with oneDNN off.</exception>
    /// <exception cref="PlatformNotSupportedException">It is wrong and the loaded LibTorch's oneDNN switch cannot be
    /// reached; the message says how to cap oneDNN from outside instead.</exception>
    public static ConvolutionCheck Ensure()
    {
        lock (Gate)
        {
            torch.InitializeDeviceType(DeviceType.CPU);   // loads LibTorch (no convolution yet), for the cache key
            var cache = ConvolutionVerdictCache.Default();
            var machine = ConvolutionVerdictCache.MachineKey();
            var capped = false;
            if (_decision is null)
            {
                var plan = Decide(RuntimeInformation.ProcessArchitecture == Architecture.X64, NativeVariable(),
                    Environment.GetEnvironmentVariable(VerdictVariable), machine, cache, ConvolutionProbe.RunChildProcess);
                if (plan.Cap) SetNativeVariable(SafeIsa);
                capped = plan.Cap;
                _decision = plan.Decision;
            }
            var error = Float32Error();
            if (error <= Tolerance) return new ConvolutionCheck(NativeVariable(), null, error, OneDnnOn(), _decision);
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
            // This CPU is faulty at the instruction set oneDNN runs with here: remember it, so the next process caps
            // before its first convolution (unless the cap itself was in effect and still wrong).
            if (machine is not null && !capped && NativeVariable() is null)
                cache.Write(new CachedVerdict(machine, false, error, "in-process check, 20→8 3×3 pad 1: output", DateTime.UtcNow));
            var check = new ConvolutionCheck(NativeVariable(), error, Float32Error(), OneDnnOn(), _decision);
            if (!check.IsExact)
                throw new InvalidOperationException(
                    $"float32 convolution differs from float64 by {check.MaxAbsDifference:g3} (allowed: {Tolerance:g1}) even " +
                    $"with LibTorch's oneDNN kernels off (it was {error:g3} with them on)");
            return check;
        }
    }

    /// <summary>Whether to cap, and the decision in words.</summary>
    internal sealed record GuardPlan(bool Cap, string Decision);

    /// <summary>The guard's decision (see <see cref="Ensure"/>), apart from the process-wide effects, so that every
    /// branch can be tested on any CPU.</summary>
    /// <param name="x64">Whether this is an x64 process (the fault is in oneDNN's x64 JIT).</param>
    /// <param name="userIsa">ONEDNN_MAX_CPU_ISA as native code sees it, or null.</param>
    /// <param name="forcedVerdict">FASTERSHARP_ONEDNN_VERDICT, or null.</param>
    /// <param name="machine">This machine's cache key, or null (no cache).</param>
    /// <param name="cache">Where verdicts are cached.</param>
    /// <param name="probe">Runs the child check; returns null with a reason when it cannot.</param>
    /// <exception cref="ArgumentException">A forced verdict other than exact or faulty.</exception>
    internal static GuardPlan Decide(bool x64, string? userIsa, string? forcedVerdict, string? machine, ConvolutionVerdictCache cache, ProbeRunner probe)
    {
        if (!x64) return new GuardPlan(false, "not x64: no cap");
        if (userIsa is not null) return new GuardPlan(false, $"{IsaVariable}={userIsa} set before Ensure: kept");
        if (!string.IsNullOrEmpty(forcedVerdict))
        {
            return forcedVerdict.Trim().ToLowerInvariant() switch
            {
                "faulty" => new GuardPlan(true, $"{VerdictVariable}=faulty: capped at {SafeIsa}"),
                "exact" => new GuardPlan(false, $"{VerdictVariable}=exact: no cap"),
                _ => throw new ArgumentException($"{VerdictVariable} is '{forcedVerdict}'; use exact, faulty, or leave it unset to measure", VerdictVariable),
            };
        }
        if (machine is not null && cache.Read(machine) is { } cached)
            return Plan(cached.Exact, cached.MaxRelativeError, cached.WorstCase, $"cached verdict of {cached.CheckedAt:yyyy-MM-dd}");
        var outcome = probe(out var reason);
        if (outcome is null) return new GuardPlan(true, $"no verdict ({reason}): capped at {SafeIsa} to be safe");
        if (machine is not null)
            cache.Write(new CachedVerdict(machine, outcome.Exact, outcome.MaxRelativeError, outcome.WorstCase, DateTime.UtcNow));
        return Plan(outcome.Exact, outcome.MaxRelativeError, outcome.WorstCase, "child check at full ISA");
    }

    private static GuardPlan Plan(bool exact, double error, string worst, string source) => exact
        ? new GuardPlan(false, $"{source}: exact (max relative error {error:0.0e+00}): no cap")
        : new GuardPlan(true, $"{source}: faulty (relative error {error:0.0e+00} at {worst}): capped at {SafeIsa}");

    /// <summary>Runs the child check (see <see cref="ConvolutionProbe.RunChildProcess"/>).</summary>
    internal delegate ProbeOutcome? ProbeRunner(out string reason);

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
