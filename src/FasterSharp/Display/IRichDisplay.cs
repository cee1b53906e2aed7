namespace FasterSharp.Display;

/// <summary>A result object that renders in notebooks as <c>text/html</c> (<see cref="ToHtml"/>) and
/// <c>text/plain</c> (<see cref="object.ToString"/>).</summary>
/// <remarks>To make a type display itself, implement this interface and put
/// <c>[TypeFormatterSource(typeof(RichDisplayFormatterSource&lt;TheType&gt;), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]</c>
/// on the type (the attribute is internal to FasterSharp).</remarks>
public interface IRichDisplay
{
    /// <summary>An HTML fragment (no <c>&lt;html&gt;</c> or <c>&lt;body&gt;</c>) showing the object;
    /// every text taken from data is HTML-escaped (use <see cref="HtmlTable"/>).</summary>
    string ToHtml();
}
