namespace FasterSharp.Models;

/// <summary>Checks a module name before it reaches LibTorch: TorchSharp passes it to a native
/// <c>std::string</c>, and a null pointer there aborts the process (SIGABRT), which no .NET code can catch.</summary>
internal static class ModuleName
{
    /// <summary>The name, when it is not null and has no NUL character (C++ would cut the name there).</summary>
    /// <exception cref="ArgumentNullException">A null name.</exception>
    /// <exception cref="ArgumentException">A name with a NUL character.</exception>
    public static string Checked(string name, string parameterName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Contains('\0')) throw new ArgumentException($"the module name '{name.Replace("\0", "\\0")}' contains a NUL character", parameterName);
        return name;
    }
}
