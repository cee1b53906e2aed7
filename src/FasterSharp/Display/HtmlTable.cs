using System.Net;
using System.Text;

namespace FasterSharp.Display;

/// <summary>Renders tables as HTML, escaping every header and cell, for <see cref="IRichDisplay.ToHtml"/>.</summary>
public static class HtmlTable
{
    /// <summary>Renders a table with a header row.</summary>
    /// <param name="headers">Column names (escaped).</param>
    /// <param name="rows">Rows of cells (escaped; null cells render empty); each row has one cell per header.</param>
    /// <param name="caption">An optional caption above the table (escaped).</param>
    /// <returns>A <c>&lt;table&gt;</c> element.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/>, <paramref name="rows"/> or a row is null.</exception>
    /// <exception cref="ArgumentException">There are no headers, or a row has a different number of cells than there are headers.</exception>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("headers is empty; a table needs at least one column", nameof(headers));
        var materialized = rows.ToList();
        for (var i = 0; i < materialized.Count; i++)
        {
            if (materialized[i] is null) throw new ArgumentNullException(nameof(rows), $"row {i} is null");
            if (materialized[i].Count != headers.Count)
                throw new ArgumentException($"row {i} has {materialized[i].Count} cells but there are {headers.Count} headers", nameof(rows));
        }

        var html = new StringBuilder("<table class=\"fastersharp-table\">");
        if (caption is not null) html.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var header in headers) html.Append("<th>").Append(Encode(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in materialized)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(Encode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>HTML-escapes text (&lt; &gt; &amp; " ') for use in element content or attribute values; null gives "".</summary>
    public static string Encode(string? text) => text is null ? "" : WebUtility.HtmlEncode(text);
}
