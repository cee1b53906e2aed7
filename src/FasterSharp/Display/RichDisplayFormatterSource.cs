namespace FasterSharp.Display;

/// <summary>The formatter source for any <see cref="IRichDisplay"/> type <typeparamref name="T"/>:
/// <c>text/html</c> from <see cref="IRichDisplay.ToHtml"/> and <c>text/plain</c> from <see cref="object.ToString"/>.</summary>
/// <typeparam name="T">The displayed type.</typeparam>
public sealed class RichDisplayFormatterSource<T> where T : IRichDisplay
{
    /// <summary>The formatters: HTML first, then plain text.</summary>
    public IEnumerable<DisplayFormatter> CreateTypeFormatters() =>
    [
        new DisplayFormatter(typeof(T), MimeTypes.Html, o => ((IRichDisplay)o).ToHtml()),
        new DisplayFormatter(typeof(T), MimeTypes.PlainText, o => o.ToString()),
    ];
}
