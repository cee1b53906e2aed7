using System.Reflection;
using System.Runtime.Loader;

// Usage (by ConvolutionSafety only): dotnet exec FasterSharp.ConvolutionProbe.dll <FasterSharp.dll> <TorchSharp.dll>
// Runs FasterSharp.Runtime.ConvolutionProbe.RunInChild in this fresh process, where oneDNN has not yet fixed its
// instruction set, and exits with its code. Exit code 3: bad arguments or the assemblies could not be loaded.
if (args.Length != 2 || !File.Exists(args[0]) || !File.Exists(args[1]))
{
    Console.Error.WriteLine("usage: FasterSharp.ConvolutionProbe <path to FasterSharp.dll> <path to TorchSharp.dll>");
    return 3;
}
var folders = args.Select(a => Path.GetDirectoryName(Path.GetFullPath(a))!).Distinct().ToArray();
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    foreach (var folder in folders)
    {
        var candidate = Path.Combine(folder, name.Name + ".dll");
        if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
    }
    return null;
};
var fasterSharp = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(args[0]));
var probe = fasterSharp.GetType("FasterSharp.Runtime.ConvolutionProbe", throwOnError: false)?
    .GetMethod("RunInChild", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
if (probe is null)
{
    Console.Error.WriteLine($"{args[0]} has no FasterSharp.Runtime.ConvolutionProbe.RunInChild");
    return 3;
}
try
{
    return (int)probe.Invoke(null, null)!;
}
catch (TargetInvocationException e) when (e.InnerException is not null)
{
    Console.Error.WriteLine(e.InnerException);
    return 3;
}
