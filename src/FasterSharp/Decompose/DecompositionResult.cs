using System.Globalization;
using System.Text;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Decompose;

/// <summary>What <see cref="LinearDecomposer.Decompose"/> did: per layer k, parameters before and after and the
/// energy kept; and the warnings for layers where k gives no saving. Displays as a text or HTML table (the
/// "saves" column flags those layers).</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<DecompositionResult>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class DecompositionResult : IRichDisplay
{
    internal DecompositionResult(RankSelection selection, IReadOnlyList<DecomposedLayer> layers, IReadOnlyList<string> warnings)
    {
        Selection = selection;
        Layers = layers;
        Warnings = warnings;
    }

    /// <summary>How k was chosen.</summary>
    public RankSelection Selection { get; }

    /// <summary>The decomposed layers, in model order.</summary>
    public IReadOnlyList<DecomposedLayer> Layers { get; }

    /// <summary>One message per layer whose k gives no saving (k ≥ mn/(m+n)); empty when every layer saves.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The caption and the per-layer table.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Caption()).Append('\n').Append(TextTable.Render(Headers, Cells().ToList()));
        return text.ToString();
    }

    /// <summary>The per-layer table with a caption.</summary>
    public string ToHtml() => HtmlTable.Render(Headers, Cells(), Caption());

    private static readonly string[] Headers = ["Layer", "m × n", "k", "mn/(m+n)", "Params before", "Params after", "Energy kept", "Saves"];

    private IEnumerable<IReadOnlyList<string>> Cells() => Layers.Select(l => (IReadOnlyList<string>)
    [
        l.Layer, $"{l.OutFeatures} × {l.InFeatures}", Count(l.K), l.BreakEvenK.ToString("0.#", CultureInfo.InvariantCulture),
        Count(l.ParametersBefore), Count(l.ParametersAfter), (l.EnergyKept * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        l.Saves ? "yes" : "no (k ≥ mn/(m+n))",
    ]);

    private string Caption() =>
        $"SVD of {Layers.Count} Linear layer{(Layers.Count == 1 ? "" : "s")} ({Selection}): parameters " +
        $"{Count(Layers.Sum(l => l.ParametersBefore))} → {Count(Layers.Sum(l => l.ParametersAfter))}";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
