using System.Text;

namespace FasterSharp.Display;

/// <summary>Renders rows of strings as left-aligned, space-separated columns.</summary>
internal static class TextTable
{
    internal static string Render(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var row in rows)
            for (var i = 0; i < Math.Min(row.Count, widths.Length); i++) widths[i] = Math.Max(widths[i], row[i].Length);
        var text = new StringBuilder();
        AppendRow(text, header, widths);
        foreach (var row in rows) AppendRow(text, row, widths);
        return text.ToString().TrimEnd('\n');
    }

    internal static string FormatRow(IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        var text = new StringBuilder();
        AppendRow(text, cells, widths);
        return text.ToString().TrimEnd('\n');
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i == cells.Count - 1)
            {
                text.Append(cells[i]);
                break;
            }
            var w = i < widths.Count ? widths[i] : cells[i].Length;
            text.Append(cells[i].PadRight(w)).Append("  ");
        }
        text.Append('\n');
    }
}
