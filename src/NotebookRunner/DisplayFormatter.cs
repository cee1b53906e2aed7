using System.Collections;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookRunner;

/// <summary>
/// Renders objects to an nbformat mime bundle through the convention .NET Interactive honours without
/// a package reference. A library declares its own attribute class named exactly
/// <see cref="AttributeFullName"/> (constructor taking the formatter source type, exposed as a
/// <c>FormatterSourceType</c> property; optional <c>string[] PreferredMimeTypes</c>) and puts it on a type.
/// The formatter source has a parameterless constructor and a <c>CreateTypeFormatters()</c> method
/// returning formatter objects, each with a <c>string MimeType</c> property, an optional <c>Type Type</c>
/// property (the type it formats) and a <c>bool Format(object instance, TextWriter writer)</c> method.
/// Everything is matched by name, so any copy of the attribute in any assembly is recognised.
/// </summary>
public static partial class DisplayFormatter
{
    /// <summary>Full name of the attribute that marks a type as having formatters.</summary>
    public const string AttributeFullName = "Microsoft.DotNet.Interactive.Formatting.TypeFormatterSourceAttribute";

    /// <summary>Mime type of the plain-text rendering every bundle carries.</summary>
    public const string PlainTextMimeType = "text/plain";

    /// <summary>
    /// Renders <paramref name="value"/>: one entry per mime type its convention formatters produce (those
    /// whose <c>Format</c> returns true; preferred mime types first), plus <c>text/plain</c> from
    /// <see cref="object.ToString"/> when no formatter gave it. JSON mime types (<c>application/json</c>,
    /// <c>application/*+json</c>) hold the parsed JSON, other types the text as a list of lines.
    /// Objects without the attribute (and strings) get <c>text/plain</c> only; a collection whose type does
    /// not override <see cref="object.ToString"/> is shown as its first 100 items, <c>[1, 2, 3]</c>.
    /// </summary>
    /// <param name="value">The object to render; null renders as <c>&lt;null&gt;</c>.</param>
    /// <returns>The mime bundle (the <c>data</c> of a display_data or execute_result output).</returns>
    /// <exception cref="InvalidOperationException">A formatter source does not follow the convention.</exception>
    public static JsonObject Format(object? value)
    {
        var texts = new List<KeyValuePair<string, string>>();
        if (value is not null and not string)
        {
            texts.AddRange(FormatByConvention(value));
        }

        if (!texts.Any(entry => entry.Key == PlainTextMimeType))
        {
            texts.Add(new(PlainTextMimeType, value switch
            {
                null => "<null>",
                string text => text,
                _ => PlainText(value),
            }));
        }

        var bundle = new JsonObject();
        foreach (var (mimeType, text) in texts)
        {
            bundle[mimeType] = ToMimeContent(mimeType, text);
        }

        return bundle;
    }

    // ToString(), except that collections which do not override it list their first items.
    private static string PlainText(object value)
    {
        var text = value.ToString() ?? "";
        if (value is not IEnumerable items || text != value.GetType().ToString())
        {
            return text;
        }

        const int shown = 100;
        var elements = items.Cast<object?>().Take(shown + 1).Select(item => item?.ToString() ?? "null").ToList();
        var more = elements.Count > shown ? ", ..." : "";
        return $"[{string.Join(", ", elements.Take(shown))}{more}]";
    }

    private static IEnumerable<KeyValuePair<string, string>> FormatByConvention(object value)
    {
        var attributes = FindConventionAttributes(value.GetType());
        var results = new List<KeyValuePair<string, string>>();
        var preferred = new List<string>();
        foreach (var attribute in attributes)
        {
            var attributeType = attribute.GetType();
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
            {
                continue;
            }

            if (attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] mimeTypes)
            {
                preferred.AddRange(mimeTypes);
            }

            foreach (var formatter in CreateFormatters(sourceType))
            {
                if (formatter is null)
                {
                    continue;
                }

                var formatterType = formatter.GetType();
                if (formatterType.GetProperty("MimeType")?.GetValue(formatter) is not string mimeType
                    || string.IsNullOrWhiteSpace(mimeType)
                    || results.Any(entry => entry.Key == mimeType))
                {
                    continue;
                }

                if (formatterType.GetProperty("Type")?.GetValue(formatter) is Type formattedType
                    && !formattedType.IsInstanceOfType(value))
                {
                    continue;
                }

                var format = formatterType.GetMethod("Format", BindingFlags.Public | BindingFlags.Instance, [typeof(object), typeof(TextWriter)])
                    ?? throw new InvalidOperationException(
                        $"Formatter '{formatterType.FullName}' for {mimeType} has no public 'bool Format(object, TextWriter)' method.");
                using var writer = new StringWriter();
                if (Invoke(format, formatter, [value, writer]) is true)
                {
                    results.Add(new(mimeType, writer.ToString()));
                }
            }
        }

        return results.OrderBy(entry => preferred.IndexOf(entry.Key) is var index and >= 0 ? index : int.MaxValue).ToList();
    }

    // The most specific type in the inheritance chain that carries the attribute decides.
    private static IReadOnlyList<object> FindConventionAttributes(Type type)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            var found = current.GetCustomAttributes(inherit: false)
                .Where(attribute => attribute.GetType().FullName == AttributeFullName)
                .ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }

        return [];
    }

    private static IEnumerable CreateFormatters(Type sourceType)
    {
        object source;
        try
        {
            source = Activator.CreateInstance(sourceType, nonPublic: true)
                ?? throw new InvalidOperationException($"Formatter source '{sourceType.FullName}' could not be created.");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        catch (MissingMethodException e)
        {
            throw new InvalidOperationException($"Formatter source '{sourceType.FullName}' needs a parameterless constructor.", e);
        }

        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)
            ?? throw new InvalidOperationException($"Formatter source '{sourceType.FullName}' has no 'CreateTypeFormatters()' method.");
        return Invoke(create, source, null) as IEnumerable
            ?? throw new InvalidOperationException($"'{sourceType.FullName}.CreateTypeFormatters()' did not return a sequence of formatters.");
    }

    private static object? Invoke(MethodInfo method, object target, object?[]? arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static JsonNode? ToMimeContent(string mimeType, string text)
    {
        if (JsonMimeType().IsMatch(mimeType))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return text; // nbformat allows any JSON value for JSON mime types; keep what was written.
            }
        }

        return MultilineText.ToJson(text);
    }

    [GeneratedRegex(@"^application/(.*\+)?json$")]
    private static partial Regex JsonMimeType();
}
