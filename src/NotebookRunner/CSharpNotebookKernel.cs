using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace NotebookRunner;

/// <summary>Creates the kernel a notebook runs on: .NET Interactive's C# kernel, set up as the
/// <c>dotnet-interactive</c> tool sets up its C# kernel for VS Code and Jupyter.</summary>
internal static class CSharpNotebookKernel
{
    /// <summary>
    /// A composite kernel holding one C# kernel (the default): <c>#r "nuget: Name, Version"</c> restores packages
    /// and references their assemblies, <c>#r "path.dll"</c> references a file (relative paths resolve against the
    /// current directory), and <c>display(x)</c> is in scope. Values are formatted by .NET Interactive's
    /// <c>Formatter</c>, which also honours the name-matched <c>TypeFormatterSourceAttribute</c> convention.
    /// </summary>
    /// <returns>A new kernel; dispose it when the notebook is done.</returns>
    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(reference => reference.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }
}
