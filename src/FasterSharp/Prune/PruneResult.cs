using System.Globalization;
using System.Text;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Prune;

/// <summary>What a <see cref="Pruner"/> call removed: channels before and after per dependency group, and the
/// model's parameter count before and after. Displays as a text or HTML table.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<PruneResult>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class PruneResult : IRichDisplay
{
    internal PruneResult(string operation, IReadOnlyList<PruneResultRow> rows, long parametersBefore, long parametersAfter, IReadOnlyList<string> notes)
    {
        Operation = operation;
        Rows = rows;
        ParametersBefore = parametersBefore;
        ParametersAfter = parametersAfter;
        Notes = notes;
    }

    /// <summary>What was done, e.g. "removed all-zero filters" or "pruned 50% of the filters (local, large_final)".</summary>
    public string Operation { get; }

    /// <summary>One row per prunable group considered, in model order.</summary>
    public IReadOnlyList<PruneResultRow> Rows { get; }

    /// <summary>Parameters of the model before.</summary>
    public long ParametersBefore { get; }

    /// <summary>Parameters of the model after.</summary>
    public long ParametersAfter { get; }

    /// <summary>Remarks, e.g. a group whose channels were all zero keeps one so that no layer is left empty.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Channels removed over all groups.</summary>
    public long ChannelsRemoved => Rows.Sum(r => r.Removed);

    /// <summary>The summary line, the per-group table and the notes.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Summary());
        text.Append('\n').Append(TextTable.Render(Headers, Cells().ToList()));
        foreach (var note in Notes) text.Append("\nNote: ").Append(note);
        return text.ToString();
    }

    /// <summary>The per-group table with the summary as caption, and the notes.</summary>
    public string ToHtml()
    {
        var html = HtmlTable.Render(Headers, Cells(), Summary());
        foreach (var note in Notes) html += $"<p>Note: {HtmlTable.Encode(note)}</p>";
        return html;
    }

    private static readonly string[] Headers = ["Group", "Channels before", "Channels after", "Members"];

    private IEnumerable<IReadOnlyList<string>> Cells() =>
        Rows.Select(r => (IReadOnlyList<string>)[r.Group, Count(r.ChannelsBefore), Count(r.ChannelsAfter), r.Members]);

    private string Summary() =>
        $"Pruner {Operation}: {Count(ChannelsRemoved)} channels removed in {Rows.Count(r => r.Removed > 0)} of {Rows.Count} groups; " +
        $"parameters {Count(ParametersBefore)} → {Count(ParametersAfter)}";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
