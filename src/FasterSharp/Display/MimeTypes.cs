namespace FasterSharp.Display;

/// <summary>The MIME types FasterSharp objects render to in notebooks.</summary>
public static class MimeTypes
{
    /// <summary><c>text/html</c>: tables and the self-drawing plot fallback.</summary>
    public const string Html = "text/html";

    /// <summary><c>text/plain</c>: aligned text tables and one-line summaries.</summary>
    public const string PlainText = "text/plain";

    /// <summary><c>application/vnd.plotly.v1+json</c>: a Plotly figure, <c>{"data": [...], "layout": {...}}</c>.</summary>
    public const string PlotlyJson = "application/vnd.plotly.v1+json";
}
