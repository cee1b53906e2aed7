using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Display;

/// <summary>A small table of results (e.g. a summary of several runs) that displays as an HTML table in a
/// notebook and as aligned text elsewhere.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<ResultTable>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class ResultTable : IRichDisplay
{
    /// <summary>Creates a table.</summary>
    /// <param name="headers">Column names.</param>
    /// <param name="rows">One cell per column in every row.</param>
    /// <param name="caption">Optional caption.</param>
    /// <exception cref="ArgumentException">No headers, or a row with another number of cells.</exception>
    public ResultTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(headers));
        Rows = rows.ToList();
        for (var i = 0; i < Rows.Count; i++)
            if (Rows[i] is null || Rows[i].Count != headers.Count)
                throw new ArgumentException($"row {i} has {Rows[i]?.Count ?? 0} cells but there are {headers.Count} headers", nameof(rows));
        Headers = headers;
        Caption = caption;
    }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Optional caption.</summary>
    public string? Caption { get; }

    /// <inheritdoc />
    public string ToHtml() => HtmlTable.Render(Headers, Rows, Caption);

    /// <summary>The table as aligned text.</summary>
    public override string ToString()
    {
        var table = TextTable.Render(Headers, Rows);
        return Caption is null ? table : Caption + "\n" + table;
    }
}
