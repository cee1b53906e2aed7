using System.Globalization;

namespace FasterSharp.Quantize;

/// <summary>The int8 parameters of one Conv2d or Linear layer: its input activation (per tensor), its weight (per
/// output channel, axis 0) and its output activation (per tensor; the output of the layer itself, before any
/// following BatchNorm or activation). Immutable.</summary>
public sealed class LayerQuantization
{
    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentNullException">A null name, input or weight.</exception>
    /// <exception cref="ArgumentException">A weight whose axis is not 0.</exception>
    public LayerQuantization(string name, QuantizedLayerKind kind, QuantParams input, ChannelQuantParams weight, QuantParams? output)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Axis != 0) throw new ArgumentException($"a {kind}'s weight is quantized per output channel (axis 0), not axis {weight.Axis}", nameof(weight));
        Name = name;
        Kind = kind;
        Input = input;
        Weight = weight;
        Output = output;
    }

    /// <summary>The layer's dotted name, as PyTorch's <c>named_modules()</c> gives it ("" for a model that is itself the layer).</summary>
    public string Name { get; }

    /// <summary>Conv2d or Linear.</summary>
    public QuantizedLayerKind Kind { get; }

    /// <summary>The input activation's parameters (what a QuantizeLinear before the layer uses).</summary>
    public QuantParams Input { get; }

    /// <summary>The weight's per-channel parameters (symmetric int8 by default: every zero point 0).</summary>
    public ChannelQuantParams Weight { get; }

    /// <summary>The output activation's parameters, or null when not observed.</summary>
    public QuantParams? Output { get; }

    /// <summary>The scales ONNX's QLinear/QDQ bias quantization uses: input scale × weight scale per channel (bias as int32, zero point 0).</summary>
    public IReadOnlyList<float> BiasScales => Weight.Scales.Select(s => Input.Scale * s).ToArray();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} ({Kind}): input {Input}; weight {Weight}{(Output is null ? "" : $"; output {Output}")}");
}
