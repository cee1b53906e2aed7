using System.Text;
using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>
/// Makes notebook HTML exported by <c>jupyter-nbconvert</c> draw its Plotly figures offline: plotly.js
/// (npm's <c>plotly.js-dist-min</c>, installed by <c>environment/setup.sh</c>) is inlined into the page's
/// head, so the figures' <c>text/html</c> outputs (nbconvert shows those; it does not render
/// <c>application/vnd.plotly.v1+json</c>) find <c>window.Plotly</c> instead of loading it from a CDN.
/// </summary>
public static partial class PlotlyEmbedding
{
    /// <summary>The environment variable that names plotly.min.js explicitly: <c>FASTERSHARP_PLOTLY</c>.</summary>
    public const string EnvironmentVariable = "FASTERSHARP_PLOTLY";

    /// <summary>The attribute that marks the inlined plotly.js script; its value is the plotly.js version
    /// read from the script's header comment, or <c>unknown</c>.</summary>
    public const string MarkerAttribute = "data-fastersharp-plotly";

    /// <summary>The command that installs plotly.js, named in error messages.</summary>
    public const string SetupCommand = "bash environment/setup.sh";

    /// <summary>Where <c>environment/setup.sh</c> installs the script, relative to the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("environment", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    /// <summary>Finds plotly.min.js: the file named by <c>FASTERSHARP_PLOTLY</c> when that is set, else
    /// <see cref="RelativePath"/> below the first folder that has it, walking up from the folder of the
    /// runner's assembly.</summary>
    /// <returns>The full path, or null when plotly.js is not installed.</returns>
    /// <exception cref="FileNotFoundException"><c>FASTERSHARP_PLOTLY</c> is set but names no file.</exception>
    public static string? FindScript() =>
        FindScript(Environment.GetEnvironmentVariable(EnvironmentVariable), Path.GetDirectoryName(typeof(PlotlyEmbedding).Assembly.Location));

    /// <summary><see cref="FindScript()"/> with the variable's value and the starting folder given.</summary>
    internal static string? FindScript(string? environmentValue, string? startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return File.Exists(environmentValue)
                ? Path.GetFullPath(environmentValue)
                : throw new FileNotFoundException($"{EnvironmentVariable} is set to '{environmentValue}', which is not a file.", environmentValue);
        }

        for (var dir = string.IsNullOrEmpty(startDirectory) ? null : new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="FindScript()"/>, but a missing script is an error that says how to install it.</summary>
    /// <returns>The full path of plotly.min.js.</returns>
    /// <exception cref="InvalidOperationException">plotly.js is not installed, or <c>FASTERSHARP_PLOTLY</c> names no file.</exception>
    public static string RequireScript() =>
        RequireScript(Environment.GetEnvironmentVariable(EnvironmentVariable), Path.GetDirectoryName(typeof(PlotlyEmbedding).Assembly.Location));

    /// <summary><see cref="RequireScript()"/> with the variable's value and the starting folder given.</summary>
    internal static string RequireScript(string? environmentValue, string? startDirectory)
    {
        try
        {
            return FindScript(environmentValue, startDirectory) ?? throw new InvalidOperationException(
                $"Cannot export offline HTML: plotly.js is not installed ({RelativePath} was not found in any folder above " +
                $"'{startDirectory}', and {EnvironmentVariable} is not set). Run: {SetupCommand}");
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException($"Cannot export offline HTML: {e.Message} Unset it or point it at plotly.min.js (or run {SetupCommand}).", e);
        }
    }

    /// <summary>Inlines plotly.js into an HTML file in place, atomically (a temporary file in the same folder,
    /// then moved over it). A page that already has it is left unchanged.</summary>
    /// <param name="htmlPath">The exported HTML file.</param>
    /// <param name="plotlyScriptPath">plotly.min.js, e.g. from <see cref="RequireScript()"/>.</param>
    /// <exception cref="ArgumentException">An argument is null or blank, or the HTML has no <c>&lt;/head&gt;</c>.</exception>
    /// <exception cref="FileNotFoundException">One of the two files does not exist.</exception>
    public static void EmbedInto(string htmlPath, string plotlyScriptPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(htmlPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(plotlyScriptPath);
        if (!File.Exists(htmlPath))
        {
            throw new FileNotFoundException($"HTML file '{htmlPath}' does not exist.", htmlPath);
        }

        if (!File.Exists(plotlyScriptPath))
        {
            throw new FileNotFoundException($"plotly.js file '{plotlyScriptPath}' does not exist.", plotlyScriptPath);
        }

        var html = File.ReadAllText(htmlPath, Encoding.UTF8);
        var embedded = Embed(html, File.ReadAllText(plotlyScriptPath, Encoding.UTF8));
        if (ReferenceEquals(embedded, html))
        {
            return;
        }

        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!, $".{Path.GetFileName(htmlPath)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, embedded, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, htmlPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Returns <paramref name="html"/> with <paramref name="plotlyScript"/> inlined just before
    /// <c>&lt;/head&gt;</c>, or <paramref name="html"/> itself when it already has an inlined plotly.js.</summary>
    /// <remarks>The script runs with <c>define</c>, <c>module</c> and <c>exports</c> hidden, so plotly.js sets
    /// <c>window.Plotly</c> even when the page loads require.js (nbconvert's templates do).</remarks>
    /// <param name="html">A full page, as jupyter-nbconvert writes it.</param>
    /// <param name="plotlyScript">The text of plotly.min.js.</param>
    /// <returns>The page with the script.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="html"/> has no <c>&lt;/head&gt;</c>, or <paramref name="plotlyScript"/> is empty.</exception>
    public static string Embed(string html, string plotlyScript)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(plotlyScript);
        if (plotlyScript.Length == 0)
        {
            throw new ArgumentException("plotlyScript is empty.", nameof(plotlyScript));
        }

        if (html.Contains(MarkerAttribute, StringComparison.Ordinal))
        {
            return html;
        }

        var headEnd = HeadEnd().Match(html);
        if (!headEnd.Success)
        {
            throw new ArgumentException("html has no </head>; expected a full page as jupyter-nbconvert writes it.", nameof(html));
        }

        // "</script" inside the library would end the element early; "<\/script" means the same in JavaScript.
        var safeScript = plotlyScript.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        var block = new StringBuilder()
            .Append("<script type=\"text/javascript\" ").Append(MarkerAttribute).Append("=\"").Append(VersionOf(plotlyScript)).Append("\">\n")
            .Append("(function (define, module, exports) {\n")
            .Append(safeScript)
            .Append("\n}).call(window);\n</script>\n")
            .ToString();
        return html.Insert(headEnd.Index, block);
    }

    /// <summary>The version in plotly.js's header comment (<c>* plotly.js v2.35.3</c>), or <c>unknown</c>.</summary>
    /// <param name="plotlyScript">The text of plotly.min.js.</param>
    /// <returns>The version, e.g. <c>2.35.3</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plotlyScript"/> is null.</exception>
    public static string VersionOf(string plotlyScript)
    {
        ArgumentNullException.ThrowIfNull(plotlyScript);
        var match = HeaderVersion().Match(plotlyScript.Length > 400 ? plotlyScript[..400] : plotlyScript);
        return match.Success ? match.Groups[1].Value : "unknown";
    }

    [GeneratedRegex("</head\\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadEnd();

    [GeneratedRegex("plotly\\.js v([0-9A-Za-z.+-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderVersion();
}
