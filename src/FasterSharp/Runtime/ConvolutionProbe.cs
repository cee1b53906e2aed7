using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>What the exactness check of oneDNN's convolutions found.</summary>
/// <param name="Exact">True when every case agreed with float64 within <see cref="ConvolutionSafety.Tolerance"/>.</param>
/// <param name="MaxRelativeError">The largest error over all cases, relative to the largest float64 value of its tensor.</param>
/// <param name="WorstCase">The case and tensor of that error, e.g. "50→100 5×5 stride 1 pad 0: input gradient".</param>
internal sealed record ProbeOutcome(bool Exact, double MaxRelativeError, string WorstCase)
{
    private const string Prefix = "verdict:";

    /// <summary>The line the child prints.</summary>
    public string ToLine() =>
        $"{Prefix} {(Exact ? "exact" : "faulty")} {MaxRelativeError.ToString("R", CultureInfo.InvariantCulture)} {WorstCase}";

    /// <summary>The outcome from the child's output (its last verdict line), or null.</summary>
    public static ProbeOutcome? Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var parts = line?[Prefix.Length..].Trim().Split(' ', 3);
        if (parts is not { Length: 3 } || parts[0] is not ("exact" or "faulty")) return null;
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var error)) return null;
        return new ProbeOutcome(parts[0] == "exact", error, parts[2]);
    }
}

/// <summary>The check <see cref="ConvolutionSafety.Ensure"/> runs in a child process, where oneDNN still has its full
/// instruction set: float32 convolutions over the shapes of the fault (input channels above 16 and not a multiple
/// of 16, padding, stride 2, 1×1), forward and both gradients, each run twice after memory churn so that reused
/// buffers are covered, against the same computation in float64.</summary>
internal static class ConvolutionProbe
{
    /// <summary>Bumped when the cases change, so verdicts cached by an older check are not reused.</summary>
    public const int Version = 1;

    /// <summary>How long the child may take (start-up, LibTorch's load, the cases) before it counts as failed.</summary>
    public static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(90);

    private static readonly (int In, int Out, int Kernel, int Stride, int Padding)[] Cases =
    [
        (20, 50, 5, 1, 0), (50, 100, 5, 1, 0), (17, 8, 3, 1, 1), (100, 30, 3, 2, 1), (37, 64, 1, 1, 0), (33, 20, 3, 2, 0),
        (3, 20, 5, 1, 2), (16, 16, 3, 1, 1),
    ];

    /// <summary>Entry point of the child (called by the FasterSharp.ConvolutionProbe launcher through reflection):
    /// prints the verdict line, returns 0.</summary>
    internal static int RunInChild()
    {
        torch.InitializeDeviceType(DeviceType.CPU);   // TorchSharp's own search for LibTorch, before the first P/Invoke
        Console.WriteLine(Measure().ToLine());
        return 0;
    }

    /// <summary>Runs every case in this process, as oneDNN is configured here.</summary>
    public static ProbeOutcome Measure()
    {
        var worst = (Error: 0.0, Case: "none");
        using var generator = new Generator(20_261_207);
        for (var round = 0; round < 2; round++)
        {
            foreach (var c in Cases)
            {
                Churn(generator, c.In * 7919 + round);
                var name = $"{c.In}→{c.Out} {c.Kernel}×{c.Kernel} stride {c.Stride} pad {c.Padding}";
                foreach (var (what, error) in Errors(generator, c))
                    if (!(error <= worst.Error)) worst = (error, $"{name}: {what}");
            }
        }
        return new ProbeOutcome(worst.Error <= ConvolutionSafety.Tolerance, worst.Error, worst.Case);
    }

    /// <summary>Allocates and frees tensors of varying sizes, so that the next case gets reused buffers.</summary>
    private static void Churn(Generator generator, int seed)
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < 4; i++) randn(new long[] { (1 << 18) + (seed % 997) * (i + 1) }, generator: generator).add_(1);
    }

    private static IEnumerable<(string What, double Error)> Errors(Generator generator, (int In, int Out, int Kernel, int Stride, int Padding) c)
    {
        using var scope = NewDisposeScope();
        var input = randn(new long[] { 8, c.In, 14, 14 }, generator: generator);
        var weight = randn(new long[] { c.Out, c.In, c.Kernel, c.Kernel }, generator: generator) * 0.1;
        var (output32, input32, weight32) = ConvolutionWithGradients(input, weight, c.Stride, c.Padding, seed: c.Out);
        var (output64, input64, weight64) = ConvolutionWithGradients(input.to(float64), weight.to(float64), c.Stride, c.Padding, seed: c.Out);
        return
        [
            ("output", RelativeError(output32, output64)),
            ("input gradient", RelativeError(input32, input64)),
            ("weight gradient", RelativeError(weight32, weight64)),
        ];
    }

    private static (Tensor Output, Tensor InputGrad, Tensor WeightGrad) ConvolutionWithGradients(Tensor input, Tensor weight, int stride, int padding,
        int seed)
    {
        var x = input.detach().requires_grad_(true);
        var w = weight.detach().requires_grad_(true);
        var output = nn.functional.conv2d(x, w, strides: [stride, stride], padding: [padding, padding]);
        // A fixed upstream gradient, the same for both precisions (its own generator seeded by the case).
        using var gradientGenerator = new Generator((ulong)seed);
        var upstream = randn(output.shape, generator: gradientGenerator).to(output.dtype);
        output.backward([upstream]);
        return (output.detach(), x.grad!.detach(), w.grad!.detach());
    }

    private static double RelativeError(Tensor single, Tensor exact)
    {
        var scale = exact.abs().max().item<double>();
        var error = (single.to(float64) - exact).abs().max().item<double>();
        return error / Math.Max(scale, 1e-12);
    }

    /// <summary>Runs the check in a child process started with the dotnet host of this one, without
    /// <c>ONEDNN_MAX_CPU_ISA</c>, on the FasterSharp and TorchSharp assemblies and the LibTorch this process has
    /// loaded. Returns null, with the reason, when the child cannot be started or gives no verdict.</summary>
    public static ProbeOutcome? RunChildProcess(out string reason)
    {
        var fasterSharp = typeof(ConvolutionProbe).Assembly.Location;
        var launcher = Path.Combine(Path.GetDirectoryName(fasterSharp) ?? ".", "FasterSharp.ConvolutionProbe.dll");
        var torchSharp = typeof(torch).Assembly.Location;
        if (string.IsNullOrEmpty(fasterSharp) || !File.Exists(launcher))
        {
            reason = $"the launcher {launcher} is missing";
            return null;
        }
        var host = DotnetHost();
        if (host is null)
        {
            reason = "this process was not started by a dotnet host (and DOTNET_HOST_PATH is not set)";
            return null;
        }
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", launcher, fasterSharp, torchSharp }) start.ArgumentList.Add(arg);
        start.Environment.Remove(ConvolutionSafety.IsaVariable);
        AddNativeFolders(start);
        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            if (!child.WaitForExit(ChildTimeout))
            {
                child.Kill(entireProcessTree: true);
                reason = $"the child check did not finish within {ChildTimeout.TotalSeconds:0} s";
                return null;
            }
            child.WaitForExit();
            var outcome = child.ExitCode == 0 ? ProbeOutcome.Parse(stdout.Result) : null;
            reason = outcome is null ? $"the child check ended with exit code {child.ExitCode}: {LastLine(stderr.Result)}" : "";
            return outcome;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            reason = $"the child check could not be started: {e.Message}";
            return null;
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "(no output)";

    /// <summary>The dotnet host to start the child with: this process's own when it is one (on Debian 12 only the
    /// private host of environment/dotnet can load TorchSharp), else the SDK's DOTNET_HOST_PATH.</summary>
    private static string? DotnetHost()
    {
        var own = Environment.ProcessPath;
        if (own is not null && Path.GetFileNameWithoutExtension(own) == "dotnet") return own;
        var sdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(sdk) && File.Exists(sdk) ? sdk : null;
    }

    /// <summary>Lets the child find the LibTorch libraries this process loaded (from the NuGet cache, a build output or
    /// a folder TorchSharp assembled), through the loader's search path.</summary>
    private static void AddNativeFolders(ProcessStartInfo start)
    {
        var folders = LoadedTorchLibraries().Select(Path.GetDirectoryName).OfType<string>().Distinct().ToList();
        if (folders.Count == 0) return;
        var variable = OperatingSystem.IsWindows() ? "PATH" : OperatingSystem.IsMacOS() ? "DYLD_LIBRARY_PATH" : "LD_LIBRARY_PATH";
        start.Environment.TryGetValue(variable, out var existing);
        start.Environment[variable] = string.Join(Path.PathSeparator, string.IsNullOrEmpty(existing) ? folders : [.. folders, existing]);
    }

    /// <summary>The LibTorch and LibTorchSharp files loaded in this process.</summary>
    internal static IReadOnlyList<string> LoadedTorchLibraries()
    {
        using var self = Process.GetCurrentProcess();
        return self.Modules.Cast<ProcessModule>().Select(m => m.FileName)
            .Where(f => Path.GetFileName(f) is var n && (n.Contains("torch", StringComparison.OrdinalIgnoreCase) || n.StartsWith("libc10", StringComparison.Ordinal) || n.StartsWith("c10", StringComparison.Ordinal)))
            .Distinct().ToList();
    }
}
