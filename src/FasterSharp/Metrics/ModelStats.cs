using System.Globalization;
using System.Text;
using FasterSharp.Display;
using FasterSharp.Figures;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace FasterSharp.Metrics;

/// <summary>The size and cost of a model: parameters, non-zero parameters, multiply-accumulates (MACs) per layer
/// and in total, size on disk, and optionally latency. Displays as a summary plus a per-layer table (text or HTML);
/// <see cref="CompareTo"/> gives a before → after table.</summary>
/// <remarks>
/// <para>MACs are counted per sample through forward hooks on one pass over a sample input: Conv2d (output
/// elements × input channels per group × kernel area), Linear (output elements × input features), BatchNorm (one
/// multiply-add per element, as in eval mode), max/average pooling (one operation per window element) and
/// adaptive pooling (the sum of its window sizes). Not counted: activations, dropout, flatten, identity, bias
/// additions, and whatever forward code computes outside modules (residual additions, functional ops). Modules
/// that ran but are not counted are listed in <see cref="NotCounted"/>.</para>
/// <para>Size on disk is the number of bytes <c>model.save(…)</c> writes: TorchSharp's format of the state
/// (every parameter and buffer with its name and shape), measured without writing a file. For an ONNX model run by
/// ONNX Runtime (<see cref="Deploy.OnnxRuntimeModel"/>) it is the .onnx file's size, and the parameters are the
/// elements of the graph's initializers; its MACs are not counted (it is one module to the hooks).</para>
/// </remarks>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<ModelStats>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class ModelStats : IRichDisplay
{
    private ModelStats(string name, long[] inputShape, long parameters, long nonZero, long sizeBytes, IReadOnlyList<LayerStats> layers,
        IReadOnlyList<string> notCounted, LatencyStats? latency)
    {
        Name = name;
        InputShape = inputShape;
        Parameters = parameters;
        NonZeroParameters = nonZero;
        SizeBytes = sizeBytes;
        Layers = layers;
        NotCounted = notCounted;
        Latency = latency;
        Macs = layers.Sum(l => l.Macs ?? 0);
    }

    /// <summary>A label for tables (e.g. "before", "pruned").</summary>
    public string Name { get; }

    /// <summary>The shape of one input sample (batch dimension dropped), e.g. [1, 28, 28].</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>Elements of all parameters (each shared parameter once); buffers such as running statistics are not parameters.</summary>
    public long Parameters { get; }

    /// <summary>Parameter elements not exactly zero.</summary>
    public long NonZeroParameters { get; }

    /// <summary>Multiply-accumulates per sample, summed over <see cref="Layers"/>.</summary>
    public long Macs { get; }

    /// <summary>Bytes of the saved state (<c>model.save</c>).</summary>
    public long SizeBytes { get; }

    /// <summary>Every module without submodules that ran, in the order it first ran.</summary>
    public IReadOnlyList<LayerStats> Layers { get; }

    /// <summary>The types of the modules that ran but whose MACs are not counted (e.g. "ReLU", "Flatten").</summary>
    public IReadOnlyList<string> NotCounted { get; }

    /// <summary>The latency, or null when it was not measured.</summary>
    public LatencyStats? Latency { get; }

    /// <summary>Measures <paramref name="model"/>. The forward pass for the MACs runs once in eval mode under
    /// no_grad (weights and statistics unchanged, training flags restored).</summary>
    /// <param name="model">The model.</param>
    /// <param name="sampleInput">An input batch of the model's input shape, e.g. <c>randn(1, 1, 28, 28)</c>; MACs are
    /// reported per sample whatever its batch size.</param>
    /// <param name="latency">How to time the model (see <see cref="Metrics.Latency.Measure"/>), or null (default) to skip timing.</param>
    /// <param name="name">A label for tables (default "model").</param>
    /// <exception cref="ArgumentNullException">A null model or sample.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The sample is not a floating-point batch, the model fails on it, or the name is empty.</exception>
    public static ModelStats Measure(nn.Module<Tensor, Tensor> model, Tensor sampleInput, LatencyOptions? latency = null, string name = "model")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var recording = ForwardRecording.Run(model, sampleInput);
        var layers = new List<(int FirstCall, LayerStats Stats)>();
        var notCounted = new List<string>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        using (no_grad())
        {
            foreach (var (moduleName, module) in recording.Modules)
            {
                var calls = recording.CallsOf(module);
                if (calls.Count == 0 || module.named_children().Any() || !seen.Add(module)) continue;
                var macs = calls.Select(c => MacCounting.PerSample(module, c)).ToList();
                long? total = macs.Any(m => m is null) ? null : macs.Sum(m => m!.Value);
                if (total is null && !notCounted.Contains(module.GetType().Name)) notCounted.Add(module.GetType().Name);
                var (count, nonZero) = CountParameters(module.parameters());
                layers.Add((calls[0].Order, new LayerStats(moduleName.Length == 0 ? module.GetName() : moduleName, module.GetType().Name,
                    calls[^1].OutputShape.Skip(1).ToArray(), calls.Count, count, nonZero, total)));
            }
        }
        var (parameters, nonZeroParameters) = model is Deploy.OnnxRuntimeModel onnx
            ? (onnx.Parameters, onnx.NonZeroParameters)
            : CountParameters(model.parameters());
        long sizeBytes;
        if (model is Deploy.OnnxRuntimeModel onnxFile) sizeBytes = onnxFile.SizeBytes;
        else
        {
            var size = new ByteCountingStream();
            using (var writer = new BinaryWriter(size)) model.save(writer);
            sizeBytes = size.Length;
        }
        var timing = latency is null ? null : Metrics.Latency.Measure(model, sampleInput, latency);
        return new ModelStats(name, recording.InputShape.Skip(1).ToArray(), parameters, nonZeroParameters, sizeBytes,
            layers.OrderBy(l => l.FirstCall).Select(l => l.Stats).ToList(), notCounted, timing);
    }

    /// <summary>A before → after table of this model (before) and <paramref name="after"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="after"/> is null.</exception>
    public ModelComparison CompareTo(ModelStats after) => ModelComparison.Of(this, after);

    /// <summary>A bar chart of a per-layer quantity (layers with no parameters are left out for parameter
    /// quantities, layers whose MACs are not counted for MACs).</summary>
    public Figure PlotLayers(LayerQuantity quantity = LayerQuantity.Macs, string? title = null)
    {
        var rows = Layers.Where(l => Value(l, quantity) is > 0).ToList();
        return Figure.Bar(rows.Select(l => l.Name), rows.Select(l => (double)Value(l, quantity)!.Value), Name)
            .WithTitle(title ?? $"{QuantityName(quantity)} per layer")
            .WithXAxis("layer")
            .WithYAxis(QuantityName(quantity));
    }

    /// <summary>The summary lines, then the per-layer table.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (label, value) in SummaryRows()) text.Append(label).Append(": ").Append(value).Append('\n');
        text.Append(TextTable.Render(LayerHeaders, LayerCells().ToList()));
        return text.ToString();
    }

    /// <summary>A summary table, then the per-layer table.</summary>
    public string ToHtml() =>
        HtmlTable.Render(["Quantity", "Value"], SummaryRows().Select(r => (IReadOnlyList<string?>)[r.Label, r.Value]), $"Model statistics: {Name}") +
        HtmlTable.Render(LayerHeaders, LayerCells(), "Layers");

    internal static long? Value(LayerStats layer, LayerQuantity quantity) => quantity switch
    {
        LayerQuantity.Parameters => layer.Parameters,
        LayerQuantity.NonZeroParameters => layer.NonZeroParameters,
        _ => layer.Macs,
    };

    internal static string QuantityName(LayerQuantity quantity) => quantity switch
    {
        LayerQuantity.Parameters => "parameters",
        LayerQuantity.NonZeroParameters => "non-zero parameters",
        _ => "MACs per sample",
    };

    private static readonly string[] LayerHeaders = ["Layer", "Type", "Output shape", "Params", "Non-zero", "MACs"];

    private IEnumerable<IReadOnlyList<string>> LayerCells() => Layers.Select(l => (IReadOnlyList<string>)
    [
        l.Name + (l.Calls > 1 ? $" (×{l.Calls})" : ""), l.Type, "[" + string.Join(", ", l.OutputShape) + "]",
        Count(l.Parameters), Count(l.NonZeroParameters), l.Macs is { } m ? Count(m) : "–",
    ]);

    private IEnumerable<(string Label, string Value)> SummaryRows()
    {
        yield return ("Model", Name);
        yield return ("Input (one sample)", "[" + string.Join(", ", InputShape) + "]");
        yield return ("Parameters", Count(Parameters));
        yield return ("Non-zero parameters", $"{Count(NonZeroParameters)} ({Percent(NonZeroParameters, Parameters)})");
        yield return ("MACs per sample", $"{Count(Macs)} ({Scaled(Macs)})");
        yield return ("Size on disk", Bytes(SizeBytes));
        if (Latency is not null) yield return ("Latency", Latency.ToString());
        if (NotCounted.Count > 0) yield return ("MACs not counted for", string.Join(", ", NotCounted) + ", and operations outside modules");
    }

    private static (long Count, long NonZero) CountParameters(IEnumerable<TorchSharp.Modules.Parameter> parameters)
    {
        long count = 0, nonZero = 0;
        foreach (var p in parameters)
        {
            count += p.numel();
            using var nz = p.detach().count_nonzero();
            nonZero += nz.item<long>();
        }
        return (count, nonZero);
    }

    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Scaled(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1e6 => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (value / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Percent(long part, long whole) =>
        whole == 0 ? "–" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
