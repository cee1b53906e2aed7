using TorchSharp.Native;

namespace TorchSharp;

/// <summary>The entry point of the API, as in TorchSharp: <c>using static TorchSharp.torch;</c>.</summary>
public static partial class torch
{
    /// <summary>Seeds LibTorch's default random generator.</summary>
    public static void manual_seed(long seed) => NativeError.Check(NativeMethods.ts_manual_seed(seed));

    /// <summary>Sets the number of threads used for intra-op parallelism.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="num"/> is not positive.</exception>
    public static void set_num_threads(int num)
    {
        if (num <= 0) throw new ArgumentOutOfRangeException(nameof(num), num, "the number of threads must be positive");
        NativeError.Check(NativeMethods.ts_set_num_threads(num));
    }

    /// <summary>The number of threads used for intra-op parallelism.</summary>
    public static int get_num_threads() => NativeError.Check(NativeMethods.ts_get_num_threads());

    /// <summary>Sets the number of threads used for inter-op parallelism (once, before any parallel work).</summary>
    public static void set_num_interop_threads(int num)
    {
        if (num <= 0) throw new ArgumentOutOfRangeException(nameof(num), num, "the number of threads must be positive");
        NativeError.Check(NativeMethods.ts_set_num_interop_threads(num));
    }

    /// <summary>The number of threads used for inter-op parallelism.</summary>
    public static int get_num_interop_threads() => NativeError.Check(NativeMethods.ts_get_num_interop_threads());

    /// <summary>The version of LibTorch the shim was built against.</summary>
    public const string __version__ = "1.13.1";
}
