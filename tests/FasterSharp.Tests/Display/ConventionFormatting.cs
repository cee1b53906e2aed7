using System.Collections;
using System.Reflection;

namespace FasterSharp.Tests.Display;

/// <summary>Formats objects the way .NET Interactive's convention-based discovery does, by reflection only:
/// an attribute named TypeFormatterSourceAttribute, its public FormatterSourceType and PreferredMimeTypes,
/// the source's public parameterless constructor and CreateTypeFormatters(), and per formatter the public
/// MimeType, Type and a single bool Format(object, TextWriter).</summary>
internal static class ConventionFormatting
{
    internal const string AttributeFullName = "Microsoft.DotNet.Interactive.Formatting.TypeFormatterSourceAttribute";

    internal sealed record Formatter(string MimeType, Type Type, Func<object, TextWriter, bool> Format);

    internal static object FindAttribute(Type type) =>
        Assert.Single(type.GetCustomAttributes(inherit: true), a => a.GetType().Name == "TypeFormatterSourceAttribute");

    internal static string[] PreferredMimeTypes(Type type)
    {
        var attribute = FindAttribute(type);
        return (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
    }

    internal static IReadOnlyList<Formatter> Formatters(Type type)
    {
        var attribute = FindAttribute(type);
        Assert.Equal(AttributeFullName, attribute.GetType().FullName);
        var sourceType = Assert.IsAssignableFrom<Type>(attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute));
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = Assert.IsAssignableFrom<IEnumerable>(sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null));
        var result = new List<Formatter>();
        foreach (var formatter in formatters)
        {
            var formatterType = formatter.GetType();
            var mimeType = Assert.IsType<string>(formatterType.GetProperty("MimeType")!.GetValue(formatter));
            var formattedType = Assert.IsAssignableFrom<Type>(formatterType.GetProperty("Type")!.GetValue(formatter));
            var format = formatterType.GetMethod("Format")!; // throws AmbiguousMatchException if overloaded
            Assert.Equal(typeof(bool), format.ReturnType);
            Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));
            result.Add(new Formatter(mimeType, formattedType, (value, writer) => (bool)format.Invoke(formatter, [value, writer])!));
        }
        return result;
    }

    /// <summary>The display bundle: each preferred MIME type with its formatted text.</summary>
    internal static Dictionary<string, string> Bundle(object value)
    {
        var formatters = Formatters(value.GetType());
        var bundle = new Dictionary<string, string>();
        foreach (var mimeType in PreferredMimeTypes(value.GetType()))
        {
            var formatter = Assert.Single(formatters, f => f.MimeType == mimeType && f.Type.IsInstanceOfType(value));
            using var writer = new StringWriter();
            Assert.True(formatter.Format(value, writer), $"{mimeType} formatter declined the value");
            bundle[mimeType] = writer.ToString();
        }
        return bundle;
    }
}
