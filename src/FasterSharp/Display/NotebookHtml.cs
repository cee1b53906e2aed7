using System.Text;
using System.Text.RegularExpressions;

namespace FasterSharp.Display;

/// <summary>Post-processing of notebook HTML exported by <c>jupyter-nbconvert</c>, so that figures
/// render offline: plotly.js is inlined into the page's head, and the figures' <c>text/html</c> outputs
/// (which nbconvert shows, as it does not render <c>application/vnd.plotly.v1+json</c>) draw with it.</summary>
public static partial class NotebookHtml
{
    /// <summary>The attribute that marks the inlined plotly.js script (its value is the version).</summary>
    public const string MarkerAttribute = "data-fastersharp-plotly";

    /// <summary>Inlines plotly.js into an HTML file in place (atomically: temp file, then rename).
    /// Does nothing when the page already has it.</summary>
    /// <param name="htmlPath">The exported HTML file.</param>
    /// <param name="plotlyScriptPath">plotly.min.js; null finds it with <see cref="PlotlyScript.FindPath"/>.</param>
    /// <returns>True when the page now has plotly.js inlined; false when plotly.js is not installed
    /// (<paramref name="plotlyScriptPath"/> null and none found), leaving the file unchanged (its figures then load plotly.js from the CDN).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="htmlPath"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The HTML file, or the given <paramref name="plotlyScriptPath"/>, does not exist.</exception>
    /// <exception cref="ArgumentException">The HTML has no <c>&lt;/head&gt;</c>.</exception>
    public static bool EmbedPlotly(string htmlPath, string? plotlyScriptPath = null)
    {
        ArgumentNullException.ThrowIfNull(htmlPath);
        if (!File.Exists(htmlPath)) throw new FileNotFoundException($"HTML file '{htmlPath}' does not exist", htmlPath);
        if (plotlyScriptPath is not null && !File.Exists(plotlyScriptPath))
            throw new FileNotFoundException($"plotly.js file '{plotlyScriptPath}' does not exist", plotlyScriptPath);
        plotlyScriptPath ??= PlotlyScript.FindPath();
        if (plotlyScriptPath is null) return false;

        var html = File.ReadAllText(htmlPath, Encoding.UTF8);
        var embedded = EmbedPlotlyScript(html, File.ReadAllText(plotlyScriptPath, Encoding.UTF8));
        if (ReferenceEquals(embedded, html)) return true;
        var temp = htmlPath + ".tmp-" + Environment.ProcessId;
        try
        {
            File.WriteAllText(temp, embedded, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, htmlPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    /// <summary>Returns <paramref name="html"/> with <paramref name="plotlyScript"/> inlined just before
    /// <c>&lt;/head&gt;</c>, or <paramref name="html"/> itself when it already has an inlined plotly.js.</summary>
    /// <remarks>The script runs with <c>define</c>, <c>module</c> and <c>exports</c> hidden, so plotly.js sets
    /// <c>window.Plotly</c> even when the page loads require.js (nbconvert's templates do).</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="html"/> has no <c>&lt;/head&gt;</c>, or <paramref name="plotlyScript"/> is empty.</exception>
    public static string EmbedPlotlyScript(string html, string plotlyScript)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(plotlyScript);
        if (plotlyScript.Length == 0) throw new ArgumentException("plotlyScript is empty", nameof(plotlyScript));
        if (html.Contains(MarkerAttribute, StringComparison.Ordinal)) return html;
        var headEnd = HeadEnd().Match(html);
        if (!headEnd.Success) throw new ArgumentException("html has no </head>; expected a full page as jupyter-nbconvert writes it", nameof(html));

        // "</script" inside the library would end the element early; "<\/script" means the same in JavaScript.
        var safeScript = plotlyScript.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        var block = new StringBuilder()
            .Append("<script type=\"text/javascript\" ").Append(MarkerAttribute).Append("=\"").Append(PlotlyScript.Version).Append("\">\n")
            .Append("(function (define, module, exports) {\n")
            .Append(safeScript)
            .Append("\n}).call(window);\n</script>\n")
            .ToString();
        return html.Insert(headEnd.Index, block);
    }

    [GeneratedRegex("</head\\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadEnd();
}
