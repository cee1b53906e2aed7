using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>Turns the kernel's formatted values into an nbformat mime bundle (the <c>data</c> of an output).</summary>
internal static class MimeBundle
{
    /// <summary>
    /// One entry per mime type, in the kernel's order; values the kernel marks as not for display are left out.
    /// JSON mime types (<c>application/json</c>, <c>application/*+json</c>, e.g. Plotly's
    /// <c>application/vnd.plotly.v1+json</c>) hold the parsed JSON, as nbformat stores them; other types the
    /// text as a list of lines.
    /// </summary>
    /// <returns>The bundle, or null when nothing is left to show.</returns>
    public static JsonObject? From(IEnumerable<FormattedValue> values)
    {
        var bundle = new JsonObject();
        foreach (var value in values.Where(value => !value.SuppressDisplay && !bundle.ContainsKey(value.MimeType)))
        {
            bundle[value.MimeType] = IsJson(value.MimeType) && TryParse(value.Value) is { } json
                ? json
                : MultilineText.ToJson(value.Value ?? "");
        }

        return bundle.Count == 0 ? null : bundle;
    }

    private static bool IsJson(string mimeType) =>
        mimeType == "application/json"
        || (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));

    private static JsonNode? TryParse(string? text)
    {
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
