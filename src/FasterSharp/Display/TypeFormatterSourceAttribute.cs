namespace Microsoft.DotNet.Interactive.Formatting;

/// <summary>Names the formatter source that renders the attributed type in a notebook.</summary>
/// <remarks>
/// .NET Interactive finds formatter sources by convention: it looks for an attribute whose type is
/// named <c>TypeFormatterSourceAttribute</c>, reads its public <c>FormatterSourceType</c> and
/// <c>PreferredMimeTypes</c> properties, creates the source with its public parameterless constructor
/// and calls its public <c>CreateTypeFormatters()</c>. Each formatter it returns needs a public
/// <c>MimeType</c> (string), an optional public <c>Type</c> (the formatted type) and one public
/// <c>bool Format(object, TextWriter)</c>. Declaring the attribute here (internal, so it never clashes
/// with the real one when a notebook references .NET Interactive) lets FasterSharp objects render in
/// .NET Interactive and in our NotebookRunner without a package reference.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The formatter source type; it must have a public parameterless constructor.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types a display of the object should carry, richest first.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
