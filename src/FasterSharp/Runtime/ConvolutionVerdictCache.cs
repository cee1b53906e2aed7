using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FasterSharp.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>A verdict of the child check, as cached on disk.</summary>
/// <param name="Machine">The CPU, operating system and LibTorch the verdict is for (the cache key, in words).</param>
/// <param name="Exact">What the check found.</param>
/// <param name="MaxRelativeError">Its largest relative error.</param>
/// <param name="WorstCase">Where that error was.</param>
/// <param name="CheckedAt">When the check ran (UTC).</param>
internal sealed record CachedVerdict(string Machine, bool Exact, double MaxRelativeError, string WorstCase, DateTime CheckedAt);

/// <summary>Verdicts of the oneDNN check, one small JSON file per machine key under the user's cache folder
/// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS, <c>%LOCALAPPDATA%</c> on
/// Windows, then <c>fastersharp/convolution-check</c>), so later processes on the same CPU and LibTorch pay nothing.
/// A machine whose CPU cannot be identified gets no cache: the check runs each time (about a second).</summary>
internal sealed class ConvolutionVerdictCache(string folder)
{
    /// <summary>The cache folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The user's cache folder for FasterSharp's convolution verdicts.</summary>
    public static ConvolutionVerdictCache Default() => new(Path.Combine(CacheRoot(), "fastersharp", "convolution-check"));

    /// <summary>The user's cache folder (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>~/Library/Caches</c>, <c>%LOCALAPPDATA%</c>).</summary>
    internal static string CacheRoot()
    {
        string root;
        if (OperatingSystem.IsWindows()) root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        else if (OperatingSystem.IsMacOS()) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Caches");
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return root;
    }

    /// <summary>The key of this machine in words (CPU, OS and architecture, LibTorch, check version), or null when the
    /// CPU cannot be identified.</summary>
    public static string? MachineKey()
    {
        var cpu = CpuIdentity();
        if (cpu is null) return null;
        return $"{cpu}; {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture} {Environment.OSVersion.Platform}; " +
               $"{LibTorchIdentity()}; check v{ConvolutionProbe.Version}";
    }

    /// <summary>The cached verdict for <paramref name="machine"/>, or null (none, or unreadable: then it is checked again).</summary>
    public CachedVerdict? Read(string machine)
    {
        try
        {
            var path = PathFor(machine);
            if (!File.Exists(path)) return null;
            var verdict = JsonSerializer.Deserialize<CachedVerdict>(File.ReadAllText(path));
            return verdict is not null && verdict.Machine == machine ? verdict : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the verdict atomically; a cache that cannot be written is skipped (the check runs again next
    /// time), since a read-only home must not stop a notebook.</summary>
    public void Write(CachedVerdict verdict)
    {
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(verdict, new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.Write(PathFor(verdict.Machine), stream => stream.Write(json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private string PathFor(string machine)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(machine)))[..16].ToLowerInvariant();
        return Path.Combine(Folder, $"{hash}.json");
    }

    /// <summary>The CPU model: on Linux the vendor, family, model, stepping, name and a hash of the feature flags of
    /// /proc/cpuinfo (a virtual machine may hide AVX-512 on the same model); on Windows PROCESSOR_IDENTIFIER; elsewhere null.</summary>
    internal static string? CpuIdentity()
    {
        if (OperatingSystem.IsWindows())
        {
            var id = Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
            return string.IsNullOrEmpty(id) ? null : id;
        }
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.Trim().Length == 0) break;   // the first processor's block
            var colon = line.IndexOf(':');
            if (colon > 0) fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        string Field(string name) => fields.TryGetValue(name, out var v) ? v : "?";
        if (!fields.ContainsKey("model name")) return null;
        var flags = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Field("flags"))))[..12].ToLowerInvariant();
        return $"{Field("vendor_id")} family {Field("cpu family")} model {Field("model")} stepping {Field("stepping")} ({Field("model name")}), flags {flags}";
    }

    /// <summary>TorchSharp's version (which fixes the LibTorch it ships) and the loaded LibTorch file's name and size.</summary>
    private static string LibTorchIdentity()
    {
        var version = typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
        var libtorch = ConvolutionProbe.LoadedTorchLibraries()
            .FirstOrDefault(f => Path.GetFileName(f).Contains("torch_cpu", StringComparison.OrdinalIgnoreCase));
        var file = libtorch is null ? "libtorch not found" : $"{Path.GetFileName(libtorch)} {new FileInfo(libtorch).Length} bytes";
        return $"TorchSharp {version}, {file}";
    }
}
