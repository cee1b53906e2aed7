using System.Globalization;
using System.Text;
using FasterSharp.Display;
using FasterSharp.Figures;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>Per-layer sparsity of a model's weights: name, type, parameters, zeros and sparsity for each
/// layer, and an overall line (fasterai's <c>print_sparsity</c>). <see cref="ToString"/> is the aligned text
/// table; <see cref="ToHtml"/> an HTML table for notebooks.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<SparsityReport>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class SparsityReport : IRichDisplay
{
    private SparsityReport(IReadOnlyList<SparsityReportRow> rows)
    {
        Rows = rows;
        Overall = new SparsityReportRow("Overall", "all", rows.Sum(r => r.Parameters), rows.Sum(r => r.Zeros));
    }

    /// <summary>One row per layer, in model order (PyTorch's <c>named_modules()</c> order).</summary>
    public IReadOnlyList<SparsityReportRow> Rows { get; }

    /// <summary>The totals over all rows (layer "Overall", type "all").</summary>
    public SparsityReportRow Overall { get; }

    /// <summary>Measures the Conv2d and/or Linear layers of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="layerTypes">Which layers to list (default Conv2d, as fasterai).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException"><paramref name="layerTypes"/> selects nothing.</exception>
    public static SparsityReport Of(nn.Module model, LayerTypes layerTypes = LayerTypes.Conv2d)
    {
        ArgumentNullException.ThrowIfNull(model);
        Models.DisposedModel.ThrowIfDisposed(model);
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        return Of(ModelWalk.DepthFirst(model).Where(m => ModelWalk.IsSelected(m.Module, layerTypes)));
    }

    internal static SparsityReport Of(IEnumerable<(string Name, nn.Module Module)> layers)
    {
        var rows = new List<SparsityReportRow>();
        foreach (var (name, module) in layers)
        {
            var weight = module switch
            {
                Conv2d c => c.weight,
                Linear l => l.weight,
                _ => null,
            };
            if (weight is null) continue;
            using var _ = no_grad();
            using var isZero = weight.eq(0);
            using var zeros = isZero.sum();
            rows.Add(new SparsityReportRow(name.Length == 0 ? module.GetName() : name, module.GetType().Name, weight.numel(), zeros.item<long>()));
        }
        return new SparsityReport(rows);
    }

    /// <summary>The report as fasterai prints it: a title, dashed rules, one aligned line per layer
    /// ("0.0  Conv2d  9,408  8,467  90.00%") and the overall line.</summary>
    public override string ToString()
    {
        var all = Rows.Append(Overall).ToList();
        var nameWidth = Math.Max(20, all.Max(r => r.Layer.Length));
        var typeWidth = Math.Max(15, all.Max(r => r.Type.Length));
        var paramsWidth = Math.Max(10, all.Max(r => Count(r.Parameters).Length));
        var zerosWidth = Math.Max(10, all.Max(r => Count(r.Zeros).Length));
        string Line(string layer, string type, string parameters, string zeros, string sparsity) =>
            $"{layer.PadRight(nameWidth)} {type.PadRight(typeWidth)} {parameters.PadLeft(paramsWidth)} {zeros.PadLeft(zerosWidth)} {sparsity.PadLeft(9)}";
        var rule = new string('-', Math.Max(80, nameWidth + typeWidth + paramsWidth + zerosWidth + 13));
        var text = new StringBuilder();
        text.AppendLine("Sparsity Report:").AppendLine(rule);
        text.AppendLine(Line("Layer", "Type", "Params", "Zeros", "Sparsity")).AppendLine(rule);
        foreach (var r in Rows) text.AppendLine(Line(r.Layer, r.Type, Count(r.Parameters), Count(r.Zeros), Percent(r.Sparsity)));
        text.AppendLine(rule);
        text.Append(Line(Overall.Layer, Overall.Type, Count(Overall.Parameters), Count(Overall.Zeros), Percent(Overall.Sparsity)));
        return text.ToString();
    }

    /// <summary>The report as an HTML <c>&lt;table&gt;</c>: one row per layer, then the overall line; names are escaped.</summary>
    public string ToHtml() => HtmlTable.Render(
        ["Layer", "Type", "Params", "Zeros", "Sparsity"],
        Rows.Append(Overall).Select(r => (IReadOnlyList<string?>)[r.Layer, r.Type, Count(r.Parameters), Count(r.Zeros), Percent(r.Sparsity)]));

    /// <summary>A bar chart of the sparsity (%) of each layer.</summary>
    public Figure PlotSparsity(string? title = "Sparsity per layer") =>
        Figure.Bar(Rows.Select(r => r.Layer), Rows.Select(r => r.Sparsity), "sparsity")
            .WithTitle(title)
            .WithXAxis("layer")
            .WithYAxis("sparsity (%)", min: 0, max: 100);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
