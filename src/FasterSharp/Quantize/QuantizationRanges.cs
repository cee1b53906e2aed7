using System.Globalization;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Quantize;

/// <summary>The int8 parameters of a model's quantized layers, from calibration (<see cref="Quantizer.Calibrate(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, IEnumerable{TorchSharp.torch.Tensor})"/>)
/// or quantization-aware training (<see cref="QuantizeCallback.Ranges"/>): what <see cref="Quantizer.Simulate"/> and
/// the ONNX exporter read. Layers are keyed by their <c>named_modules()</c> names, in the model's depth-first order.
/// Immutable. Displays as a table in a notebook.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<QuantizationRanges>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class QuantizationRanges : IRichDisplay
{
    private readonly Dictionary<string, LayerQuantization> _byName;

    /// <summary>Creates the set.</summary>
    /// <param name="layers">One entry per quantized layer, names unique.</param>
    /// <param name="method">How the ranges were found, e.g. "min-max over 8 batches".</param>
    /// <exception cref="ArgumentNullException">A null argument or layer.</exception>
    /// <exception cref="ArgumentException">No layers, or a name twice.</exception>
    public QuantizationRanges(IEnumerable<LayerQuantization> layers, string method)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(method);
        var list = layers.ToList();
        if (list.Count == 0) throw new ArgumentException("no layers", nameof(layers));
        _byName = new Dictionary<string, LayerQuantization>(StringComparer.Ordinal);
        foreach (var layer in list)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            if (!_byName.TryAdd(layer.Name, layer)) throw new ArgumentException($"the layer '{layer.Name}' appears twice", nameof(layers));
        }
        Layers = list;
        Method = method;
    }

    /// <summary>The quantized layers, in the model's depth-first (named_modules) order.</summary>
    public IReadOnlyList<LayerQuantization> Layers { get; }

    /// <summary>How the ranges were found.</summary>
    public string Method { get; }

    /// <summary>The number of quantized layers.</summary>
    public int Count => Layers.Count;

    /// <summary>The names of the quantized layers.</summary>
    public IEnumerable<string> Names => Layers.Select(l => l.Name);

    /// <summary>The entry of the layer called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such layer (the message lists the known names).</exception>
    public LayerQuantization this[string name] => _byName.TryGetValue(name, out var layer) ? layer
        : throw new KeyNotFoundException($"no quantized layer '{name}'; the quantized layers are {string.Join(", ", Names.Select(n => $"'{n}'"))}");

    /// <summary>Whether the layer called <paramref name="name"/> is quantized.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry of the layer called <paramref name="name"/>, or null.</summary>
    public LayerQuantization? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>One row per layer: kind, input range, scale and zero point, weight scales, output range.</summary>
    public ResultTable ToTable()
    {
        static string F(float v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var rows = Layers.Select(l => (IReadOnlyList<string>)
        [
            l.Name.Length == 0 ? "(model)" : l.Name, l.Kind.ToString(),
            $"[{F(l.Input.Min)}, {F(l.Input.Max)}]", F(l.Input.Scale), l.Input.ZeroPoint.ToString(CultureInfo.InvariantCulture),
            $"{F(l.Weight.Scales.Min())} – {F(l.Weight.Scales.Max())}",
            l.Output is null ? "–" : $"[{F(l.Output.Min)}, {F(l.Output.Max)}]",
        ]);
        return new ResultTable(["layer", "kind", "input range", "input scale", "input zero point", "weight scales", "output range"], rows,
            $"int8 ranges ({Method})");
    }

    /// <inheritdoc />
    public string ToHtml() => ToTable().ToHtml();

    /// <summary>The table of <see cref="ToTable"/> as aligned text.</summary>
    public override string ToString() => ToTable().ToString();
}
