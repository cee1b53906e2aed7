using System.Text.Json;

namespace FasterSharp.Figures;

/// <summary>Writing helpers for Plotly's JSON: numbers in invariant form, NaN and infinities as null
/// (Plotly leaves a gap), which JSON has no literal for.</summary>
internal static class PlotlyJson
{
    internal static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }

    internal static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) WriteNumber(json, v);
        json.WriteEndArray();
    }

    internal static void WriteTitle(Utf8JsonWriter json, string? title)
    {
        if (title is null) return;
        json.WriteStartObject("title");
        json.WriteString("text", title);
        json.WriteEndObject();
    }
}
