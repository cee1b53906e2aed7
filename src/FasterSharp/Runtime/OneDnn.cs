using System.Diagnostics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace FasterSharp.Runtime;

/// <summary>
/// LibTorch's switch for its oneDNN (MKL-DNN) kernels, the one PyTorch exposes as
/// <c>torch.backends.mkldnn.enabled</c>. While it is off, convolutions run on LibTorch's own CPU kernels
/// (im2col and MKL's sgemm): the same results, different speed. The switch can be flipped at any time; it
/// applies to every operator dispatched afterwards, forward and backward, on every thread.
/// </summary>
/// <remarks>TorchSharp 0.107 does not expose this switch, so this helper calls LibTorch's exported C++ functions
/// <c>at::globalContext()</c>, <c>at::Context::userEnabledMkldnn()</c> and <c>at::Context::setUserEnabledMkldnn(bool)</c>
/// in the LibTorch library TorchSharp has loaded (names mangled per the platform's C++ ABI: Itanium on Linux and
/// macOS, MSVC on Windows). A LibTorch without them makes <see cref="Enabled"/> throw <see cref="PlatformNotSupportedException"/>.</remarks>
public static class OneDnn
{
    private static readonly Lazy<Switch> Native = new(Switch.Bind);

    /// <summary>Whether LibTorch may use oneDNN kernels (LibTorch's default: true).</summary>
    /// <exception cref="PlatformNotSupportedException">The loaded LibTorch does not export the switch.</exception>
    public static bool Enabled
    {
        get => Native.Value.Get(Native.Value.Context) != 0;
        set => Native.Value.Set(Native.Value.Context, value ? (byte)1 : (byte)0);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    // A non-virtual C++ member function takes `this` as its first argument on x64 and arm64 (Itanium and MSVC).
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte GetFlag(IntPtr context);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, byte value);

    private sealed record Switch(IntPtr Context, GetFlag Get, SetFlag Set)
    {
        private static readonly (string Context, string Get, string Set) Itanium =
            ("_ZN2at13globalContextEv", "_ZNK2at7Context17userEnabledMkldnnEv", "_ZN2at7Context20setUserEnabledMkldnnEb");

        private static readonly (string Context, string Get, string Set) Msvc =
            ("?globalContext@at@@YAAEAVContext@1@XZ", "?userEnabledMkldnn@Context@at@@QEBA_NXZ", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z");

        public static Switch Bind()
        {
            using (NewDisposeScope()) _ = zeros(1);   // makes TorchSharp load LibTorch
            var path = LoadedLibTorch();
            var library = NativeLibrary.Load(path);
            var names = OperatingSystem.IsWindows() ? Msvc : Itanium;
            var context = Export<GlobalContext>(library, names.Context, path)();
            if (context == IntPtr.Zero) throw new PlatformNotSupportedException($"at::globalContext() in {path} returned null");
            return new Switch(context, Export<GetFlag>(library, names.Get, path), Export<SetFlag>(library, names.Set, path));
        }

        private static T Export<T>(IntPtr library, string name, string path) where T : Delegate =>
            NativeLibrary.TryGetExport(library, name, out var address)
                ? Marshal.GetDelegateForFunctionPointer<T>(address)
                : throw new PlatformNotSupportedException($"{path} does not export {name}: this LibTorch's oneDNN switch cannot be reached");

        private static string LoadedLibTorch()
        {
            string[] names = ["libtorch_cpu.so", "torch_cpu.dll", "libtorch_cpu.dylib"];
            using var process = Process.GetCurrentProcess();
            foreach (ProcessModule module in process.Modules)
            {
                if (names.Contains(module.ModuleName, StringComparer.OrdinalIgnoreCase)) return module.FileName;
            }
            throw new PlatformNotSupportedException($"no LibTorch CPU library ({string.Join(", ", names)}) is loaded in this process");
        }
    }
}
