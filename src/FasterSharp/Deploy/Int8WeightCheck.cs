using System.Globalization;
using FasterSharp.Export;
using FasterSharp.Quantize;
using FasterSharp.Runtime;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace FasterSharp.Deploy;

/// <summary>Decides, by measurement, whether int8 ONNX files may hold full-range int8 weights on this machine.
/// On x86 CPUs without VNNI (AVX2, AVX-512F without VNNI), ONNX Runtime's uint8 × int8 kernels add pairs of products
/// in int16 (vpmaddubsw) and saturate when activations and weights are both near full range; ONNX Runtime documents
/// this and recommends 7-bit weights there. With VNNI (or on Arm) full-range weights are exact and more accurate.
/// <list type="number">
/// <item><see cref="Variable"/> (<c>full</c> or <c>reduced</c>) forces the verdict.</item>
/// <item>Otherwise a verdict cached for this CPU model, operating system and ONNX Runtime version is used.</item>
/// <item>Otherwise the check runs (well under a second): a small convolution → ReLU → linear model whose activations
/// and weights are chosen to stress the pairs (all large and positive) is calibrated, exported as QDQ with full-range
/// weights and with 7-bit weights, run in ONNX Runtime and compared with TorchSharp's fake quantization. Full range is
/// exact when its error stays within <see cref="Tolerance"/>; the verdict is cached.</item>
/// </list>
/// <see cref="OnnxExport.ExportQuantized"/> consults the verdict: on a machine where full range saturates it refuses
/// ranges with full-range weights (the message says how to calibrate, or how to export anyway for another machine).
/// Calibration and quantization-aware training keep PyTorch's default (full-range weights) so that their simulation
/// does not depend on the machine; pass <see cref="Int8WeightVerdict.WeightScheme"/> as their weight scheme for a
/// file run here.</summary>
public static class Int8WeightCheck
{
    /// <summary>The environment variable that forces the verdict: <c>full</c> or <c>reduced</c>.</summary>
    public const string Variable = "FASTERSHARP_INT8_WEIGHTS";

    /// <summary>The largest error (max |ONNX Runtime − simulation| over the largest simulated output) at which full-range
    /// weights count as exact. Rounding differences stay near 1e-3; saturation gives errors of tens of percent.</summary>
    public const double Tolerance = 0.02;

    /// <summary>The version of the check (part of the cache key: a changed check is measured again).</summary>
    internal const int Version = 1;

    /// <summary>7-bit symmetric int8 weights ([−64, 63]).</summary>
    public static QuantScheme ReducedWeights { get; } = new(QuantType.Int8, symmetric: true, reduceRange: true);

    private static readonly Lock Gate = new();
    private static Int8WeightVerdict? _verdict;

    /// <summary>The verdict for this process: decided once (forced, cached or measured, see the class remarks) and
    /// printed as one line to the console; later calls return it again.</summary>
    /// <exception cref="ArgumentException"><see cref="Variable"/> holds a value other than full or reduced.</exception>
    public static Int8WeightVerdict Ensure()
    {
        lock (Gate)
        {
            if (_verdict is not null) return _verdict;
            var machine = MachineKey();
            var cache = new ConvolutionVerdictCache(Path.Combine(ConvolutionVerdictCache.CacheRoot(), "fastersharp", "int8-weight-check"));
            _verdict = Decide(Environment.GetEnvironmentVariable(Variable), machine, cache, Measure);
            Console.WriteLine(_verdict.ToString());
            return _verdict;
        }
    }

    /// <summary>Runs the check now (no cache, no environment variable): ONNX Runtime against TorchSharp's fake
    /// quantization with full-range and with 7-bit weights.</summary>
    /// <returns>The measured verdict.</returns>
    /// <exception cref="InvalidOperationException">Even 7-bit weights differ from the simulation (the comparison itself
    /// is broken here; the message gives both errors).</exception>
    public static Int8WeightVerdict Measure()
    {
        var (full, reduced) = Errors();
        if (reduced > Tolerance)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the int8 check's control failed: with 7-bit weights ONNX Runtime differs from the simulation by {reduced:0.0e+00} (full range: {full:0.0e+00})"));
        return Verdict(full <= Tolerance, full, reduced, "measured");
    }

    /// <summary>The decision apart from its process-wide effects, so that every branch can be tested on any CPU.</summary>
    /// <param name="forced">The value of <see cref="Variable"/>, or null.</param>
    /// <param name="machine">This machine's cache key, or null (no cache).</param>
    /// <param name="cache">Where verdicts are cached.</param>
    /// <param name="measure">Runs the check.</param>
    /// <exception cref="ArgumentException">A forced value other than full or reduced.</exception>
    internal static Int8WeightVerdict Decide(string? forced, string? machine, ConvolutionVerdictCache cache, Func<Int8WeightVerdict> measure)
    {
        if (!string.IsNullOrWhiteSpace(forced))
        {
            return forced.Trim().ToLowerInvariant() switch
            {
                "full" => new Int8WeightVerdict(true, null, null, $"{Variable}=full"),
                "reduced" => new Int8WeightVerdict(false, null, null, $"{Variable}=reduced"),
                _ => throw new ArgumentException($"{Variable} is '{forced}'; use full, reduced, or leave it unset to measure", Variable),
            };
        }
        if (machine is not null && cache.Read(machine) is { } cached)
            return Verdict(cached.Exact, cached.MaxRelativeError, null, $"cached verdict of {cached.CheckedAt:yyyy-MM-dd}");
        Int8WeightVerdict measured;
        try
        {
            measured = measure();
        }
        catch (Exception e) when (e is InvalidOperationException or OnnxRuntimeException or DllNotFoundException or TypeInitializationException or IOException)
        {
            // No verdict: 7 bits are exact on every CPU, so they are the safe choice; nothing is cached.
            return new Int8WeightVerdict(false, null, null, $"no verdict ({e.Message}): 7 bits to be safe", Decided: false);
        }
        if (machine is not null)
            cache.Write(new CachedVerdict(machine, measured.FullRangeExact, measured.FullRangeError ?? 0,
                $"7-bit control {measured.ReducedRangeError:0.0e+00}", DateTime.UtcNow));
        return measured;
    }

    private static Int8WeightVerdict Verdict(bool exact, double full, double? reduced, string source)
    {
        var control = reduced is double r ? FormattableString.Invariant($", 7 bits: {r:0.0e+00}") : "";
        var words = exact
            ? FormattableString.Invariant($"{source}: ONNX Runtime matches the simulation with full-range weights (error {full:0.0e+00}{control})")
            : FormattableString.Invariant($"{source}: ONNX Runtime saturates with full-range weights (error {full:0.0e+00}{control}), as x86 without VNNI does");
        return new Int8WeightVerdict(exact, full, reduced, words);
    }

    /// <summary>This machine's key: CPU model and flags, OS, ONNX Runtime version and the check's version; null when
    /// the CPU cannot be identified.</summary>
    internal static string? MachineKey()
    {
        var cpu = ConvolutionVerdictCache.CpuIdentity();
        if (cpu is null) return null;
        string ort;
        try
        {
            ort = OrtEnv.Instance().GetVersionString();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            return null;
        }
        return $"{cpu}; {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture} {Environment.OSVersion.Platform}; " +
               $"ONNX Runtime {ort}; int8 check v{Version}";
    }

    /// <summary>The check's errors (max |ONNX Runtime − simulation| / max |simulation|) with full-range and 7-bit weights.</summary>
    internal static (double Full, double Reduced) Errors()
    {
        var folder = Directory.CreateTempSubdirectory("fastersharp-int8-check-").FullName;
        try
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(20_261_208);   // its own generator: the global one is left alone
            var model = nn.Sequential(
                ("conv", nn.Conv2d(16, 16, 3, padding: 1)),
                ("relu", nn.ReLU()),
                ("flatten", nn.Flatten()),
                ("fc", nn.Linear(16 * 6 * 6, 8)));
            using (no_grad())
            {
                // Large positive weights and activations: each pair of products is near 255 × 127 × 2 > 32767 at full range.
                foreach (var (name, p) in model.named_parameters())
                {
                    if (name.EndsWith("bias", StringComparison.Ordinal)) p.zero_();
                    else p.copy_(rand(p.shape, generator: generator) * 0.5 + 0.5);
                }
            }
            model.eval();
            var input = rand(new long[] { 4, 16, 6, 6 }, generator: generator) * 0.5 + 0.5;
            return (Error(model, input, QuantScheme.Int8Symmetric, Path.Combine(folder, "full.onnx")),
                    Error(model, input, ReducedWeights, Path.Combine(folder, "reduced.onnx")));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static double Error(nn.Module<Tensor, Tensor> model, Tensor input, QuantScheme weights, string path)
    {
        var ranges = new Quantizer(weightScheme: weights).Calibrate(model, [input]);
        using var sample = input.narrow(0, 0, 1);
        OnnxExport.Export(model, sample, path, "input", "output", new QdqExportHook(ranges));
        using var noGrad = no_grad();
        Tensor simulated;
        using (Quantizer.Simulate(model, ranges)) simulated = model.call(input);
        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        using var actual = ort.call(input);
        var error = (actual - simulated).abs().max().item<float>() / simulated.abs().max().item<float>();
        simulated.Dispose();
        return error;
    }
}
