using System.Globalization;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Fold;

/// <summary>What <see cref="BatchNormFolder.Fold"/> did: each BatchNorm and the layer it went into, and the
/// parameter count before and after. Displays as a text or HTML table.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<FoldResult>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class FoldResult : IRichDisplay
{
    internal FoldResult(IReadOnlyList<FoldedBatchNorm> folded, long parametersBefore, long parametersAfter)
    {
        Folded = folded;
        ParametersBefore = parametersBefore;
        ParametersAfter = parametersAfter;
    }

    /// <summary>The folded BatchNorms, in model order.</summary>
    public IReadOnlyList<FoldedBatchNorm> Folded { get; }

    /// <summary>Parameters before folding.</summary>
    public long ParametersBefore { get; }

    /// <summary>Parameters after folding (the BatchNorms' γ and β are gone; layers that had no bias gained one).</summary>
    public long ParametersAfter { get; }

    /// <summary>The summary line and the table.</summary>
    public override string ToString() => Summary() + (Folded.Count == 0 ? "" : "\n" + TextTable.Render(Headers, Cells().ToList()));

    /// <summary>The table with the summary as caption.</summary>
    public string ToHtml() => HtmlTable.Render(Headers, Cells(), Summary());

    private static readonly string[] Headers = ["BatchNorm", "Folded into", "Direction", "Through"];

    private IEnumerable<IReadOnlyList<string>> Cells() => Folded.Select(f => (IReadOnlyList<string>)
        [f.BatchNorm, f.Into, f.Direction == FoldDirection.IntoPreceding ? "preceding" : "following", f.Through.Length == 0 ? "–" : f.Through]);

    private string Summary() =>
        $"Folded {Folded.Count} BatchNorm layer{(Folded.Count == 1 ? "" : "s")}; parameters " +
        $"{ParametersBefore.ToString("N0", CultureInfo.InvariantCulture)} → {ParametersAfter.ToString("N0", CultureInfo.InvariantCulture)}";
}
