using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorchSharp.Native;

/// <summary>Finds the shim next to this assembly, so a notebook that references the managed assembly
/// by path (<c>#r "…/FasterSharp.dll"</c>) loads the native library that sits beside it.</summary>
internal static class NativeLibraryResolver
{
#pragma warning disable CA2255 // a module initializer is the documented way to install a DllImport resolver early
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        var directory = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(directory))
        {
            var candidate = Path.Combine(directory, "lib" + name + ".so");
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        }
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"lib{name}.so was not found next to {assembly.Location}. Build the solution (dotnet build Notebooks.sln), " +
            "which builds the native shim; it needs Debian's libtorch-dev (run: sudo bash environment/setup.sh).");
    }
}
