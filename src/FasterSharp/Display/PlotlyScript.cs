namespace FasterSharp.Display;

/// <summary>Where plotly.js comes from: the pinned npm package <c>plotly.js-dist-min</c> installed by
/// <c>environment/setup.sh</c> into <c>environment/node_modules</c> (for offline HTML), or the Plotly CDN
/// (for live notebooks that have no plotly.js of their own).</summary>
public static class PlotlyScript
{
    /// <summary>The plotly.js version, the one <c>environment/package.json</c> pins.</summary>
    public const string Version = "2.35.3";

    /// <summary>The environment variable that names plotly.min.js explicitly: <c>FASTERSHARP_PLOTLY</c>.</summary>
    public const string EnvironmentVariable = "FASTERSHARP_PLOTLY";

    /// <summary>The path of the script below the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("environment", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    /// <summary>The CDN address of plotly.js <see cref="Version"/>, used only when a page has no <c>window.Plotly</c>.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

    /// <summary>Finds plotly.min.js: the file named by <c>FASTERSHARP_PLOTLY</c> when set, else
    /// <see cref="RelativePath"/> below the first folder, walking up from FasterSharp's assembly and then from
    /// the application's base and current directories, that has it.</summary>
    /// <returns>The full path, or null when it is not installed (run <c>environment/setup.sh</c>).</returns>
    /// <exception cref="FileNotFoundException"><c>FASTERSHARP_PLOTLY</c> is set but names no file.</exception>
    public static string? FindPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{EnvironmentVariable} is set to '{fromEnvironment}', which is not a file", fromEnvironment);
        }
        var assemblyDirectory = Path.GetDirectoryName(typeof(PlotlyScript).Assembly.Location);
        foreach (var start in new[] { assemblyDirectory, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
