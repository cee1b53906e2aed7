using FasterSharp.Figures;

namespace FasterSharp.Display;

/// <summary>The formatter source for <see cref="Figure"/>: <c>text/html</c> (a self-drawing plot),
/// <c>application/vnd.plotly.v1+json</c> (the figure's JSON) and <c>text/plain</c> (a summary).</summary>
public sealed class FigureFormatterSource
{
    /// <summary>The formatters, in the order of the figure's preferred MIME types.</summary>
    public IEnumerable<DisplayFormatter> CreateTypeFormatters() =>
    [
        new DisplayFormatter(typeof(Figure), MimeTypes.Html, o => ((Figure)o).ToHtml()),
        new DisplayFormatter(typeof(Figure), MimeTypes.PlotlyJson, o => ((Figure)o).ToJson()),
        new DisplayFormatter(typeof(Figure), MimeTypes.PlainText, o => o.ToString()),
    ];
}
