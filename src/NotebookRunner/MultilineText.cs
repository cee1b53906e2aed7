using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>nbformat's "multiline string": a list of lines, each keeping its trailing newline.</summary>
internal static class MultilineText
{
    /// <summary>Splits <paramref name="text"/> into lines the way Jupyter stores them.</summary>
    public static JsonArray ToJson(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
