namespace FasterSharp.Display;

/// <summary>The plotly.js that figures draw with: the version <c>environment/package.json</c> pins (npm's
/// <c>plotly.js-dist-min</c>, which the NotebookRunner's HTML export inlines so exported pages work offline),
/// and its CDN address, used only by pages that have no plotly.js of their own.</summary>
public static class PlotlyScript
{
    /// <summary>The plotly.js version, the one <c>environment/package.json</c> pins.</summary>
    public const string Version = "2.35.3";

    /// <summary>The CDN address of plotly.js <see cref="Version"/>, used only when a page has no <c>window.Plotly</c>.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";
}
