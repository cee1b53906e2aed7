namespace FasterSharp.Display;

/// <summary>Writes one MIME representation of objects of one type; the shape .NET Interactive's
/// convention-based formatter discovery expects (<see cref="MimeType"/>, <see cref="Type"/>,
/// a single <see cref="Format"/> method).</summary>
public sealed class DisplayFormatter
{
    private readonly Func<object, string?> _render;

    /// <summary>Creates a formatter.</summary>
    /// <param name="type">The type it formats (and its subtypes).</param>
    /// <param name="mimeType">The MIME type it writes, e.g. <see cref="MimeTypes.Html"/>.</param>
    /// <param name="render">Renders an instance of <paramref name="type"/>; null means "cannot format this one".</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="mimeType"/> is empty or has no '/'.</exception>
    public DisplayFormatter(Type type, string mimeType, Func<object, string?> render)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(mimeType);
        ArgumentNullException.ThrowIfNull(render);
        if (mimeType.Length == 0 || !mimeType.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"mimeType '{mimeType}' is not a MIME type (expected e.g. 'text/html')", nameof(mimeType));
        Type = type;
        MimeType = mimeType;
        _render = render;
    }

    /// <summary>The type this formatter handles (subtypes included).</summary>
    public Type Type { get; }

    /// <summary>The MIME type this formatter writes.</summary>
    public string MimeType { get; }

    /// <summary>Writes <paramref name="instance"/> in <see cref="MimeType"/> to <paramref name="writer"/>.</summary>
    /// <returns>True when it wrote; false (writing nothing) when <paramref name="instance"/> is null or not a <see cref="Type"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public bool Format(object? instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (instance is null || !Type.IsInstanceOfType(instance)) return false;
        var text = _render(instance);
        if (text is null) return false;
        writer.Write(text);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{MimeType} formatter for {Type.Name}";
}
