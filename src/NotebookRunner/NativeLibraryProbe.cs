using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace NotebookRunner;

/// <summary>
/// Makes assemblies referenced with <c>#r</c> find what sits next to them: native libraries their
/// P/Invokes name, and managed dependencies that their own load context does not resolve. Both are
/// probed in the folder of the assembly that asks, and of every assembly loaded from outside the runner.
/// Hooks only fire after .NET's own probing failed, so libraries with their own resolvers are unaffected.
/// </summary>
internal static class NativeLibraryProbe
{
    private static readonly object Gate = new();
    private static readonly HashSet<AssemblyLoadContext> HookedContexts = [];
    private static readonly List<string> ReferencedFolders = [];
    private static bool _installed;

    /// <summary>Installs the hooks once per process.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            _installed = true;
            AppDomain.CurrentDomain.AssemblyLoad += (_, args) => OnAssemblyLoaded(args.LoadedAssembly);
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                OnAssemblyLoaded(assembly);
            }
        }
    }

    private static void OnAssemblyLoaded(Assembly assembly)
    {
        if (assembly.IsDynamic || AssemblyLoadContext.GetLoadContext(assembly) is not { } context)
        {
            return;
        }

        lock (Gate)
        {
            if (HookedContexts.Add(context))
            {
                context.ResolvingUnmanagedDll += ResolveNative;
                context.Resolving += ResolveManaged;
            }

            var folder = FolderOf(assembly);
            if (folder is not null && folder != AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)
                && !ReferencedFolders.Contains(folder))
            {
                ReferencedFolders.Add(folder);
            }
        }
    }

    private static IntPtr ResolveNative(Assembly requester, string libraryName)
    {
        foreach (var folder in CandidateFolders(requester))
        {
            foreach (var fileName in NativeFileNames(libraryName))
            {
                var path = Path.Combine(folder, fileName);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
                {
                    return handle;
                }
            }
        }

        return IntPtr.Zero;
    }

    private static Assembly? ResolveManaged(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var folder in CandidateFolders(null))
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(path))
            {
                return context.LoadFromAssemblyPath(path);
            }
        }

        return null;
    }

    private static List<string> CandidateFolders(Assembly? requester)
    {
        var folders = new List<string>();
        if (requester is not null && FolderOf(requester) is { } own)
        {
            folders.Add(own);
        }

        lock (Gate)
        {
            folders.AddRange(ReferencedFolders.Where(folder => !folders.Contains(folder)));
        }

        return folders;
    }

    private static IEnumerable<string> NativeFileNames(string libraryName)
    {
        yield return libraryName;
        if (OperatingSystem.IsWindows())
        {
            yield return libraryName + ".dll";
        }
        else
        {
            var suffix = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            yield return libraryName + suffix;
            yield return "lib" + libraryName + suffix;
        }
    }

    private static string? FolderOf(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
}
