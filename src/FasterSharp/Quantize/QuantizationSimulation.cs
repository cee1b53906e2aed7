using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>A model running with fake int8 quantization (from <see cref="Quantizer.Simulate"/> or
/// <see cref="Quantizer.SimulateDynamic"/>): the quantized layers' weights hold their int8-representable values, and
/// hooks fake-quantize their inputs (and outputs). Disposing, or <see cref="Restore"/>, removes the hooks and puts the
/// float weights back bit for bit.</summary>
public sealed class QuantizationSimulation : IDisposable
{
    private readonly List<(Parameter Weight, Tensor Saved)> _saved = [];
    private readonly List<Action> _removers = [];

    private QuantizationSimulation(IReadOnlyList<SimulatedLayer> layers, QuantizationRanges? ranges, bool quantizeOutputs)
    {
        using (no_grad())
        {
            foreach (var layer in layers)
            {
                var saved = layer.Weight.detach().clone().DetachFromDisposeScope();
                _saved.Add((layer.Weight, saved));
                using var quantized = layer.WeightParams.FakeQuantize(saved);
                layer.Weight.copy_(quantized);
            }
        }
        foreach (var layer in layers)
        {
            var input = layer.Input;
            _removers.Add(layer.Module.register_forward_pre_hook((_, x) => input(x)).remove);
            if (layer.Output is { } output) _removers.Add(layer.Module.register_forward_hook((_, _, y) => output(y)).remove);
        }
        Ranges = ranges;
        QuantizesOutputs = quantizeOutputs;
        LayerNames = layers.Select(l => l.Name).ToList();
    }

    /// <summary>The parameters in use; null for dynamic quantization (activation parameters come from each batch).</summary>
    public QuantizationRanges? Ranges { get; }

    /// <summary>Whether activations are quantized with each batch's own range (dynamic int8).</summary>
    public bool IsDynamic => Ranges is null;

    /// <summary>Whether outputs are fake-quantized too.</summary>
    public bool QuantizesOutputs { get; }

    /// <summary>The simulated layers' names.</summary>
    public IReadOnlyList<string> LayerNames { get; }

    /// <summary>Whether the model is still fake-quantized.</summary>
    public bool IsActive => _saved.Count > 0;

    /// <summary>Removes the hooks and restores the float weights; safe to call twice.</summary>
    public void Restore()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
        using (no_grad())
        {
            foreach (var (weight, saved) in _saved)
            {
                weight.copy_(saved);
                saved.Dispose();
            }
        }
        _saved.Clear();
    }

    /// <summary>Same as <see cref="Restore"/>.</summary>
    public void Dispose() => Restore();

    /// <summary>Static simulation with calibrated or QAT ranges; checks everything before changing the model.</summary>
    internal static QuantizationSimulation Static(nn.Module<Tensor, Tensor> model, QuantizationRanges ranges, bool quantizeOutputs)
    {
        var byName = ModelWalk.DepthFirst(model).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First().Module, StringComparer.Ordinal);
        var layers = new List<SimulatedLayer>();
        foreach (var entry in ranges.Layers)
        {
            if (!byName.TryGetValue(entry.Name, out var module))
                throw new ArgumentException($"the model has no layer '{entry.Name}' (the ranges were computed for another model)", nameof(ranges));
            (Parameter? weight, QuantizedLayerKind? kind) = module switch
            {
                Conv2d conv => (conv.weight, QuantizedLayerKind.Conv2d),
                Linear linear => (linear.weight, QuantizedLayerKind.Linear),
                _ => ((Parameter?)null, (QuantizedLayerKind?)null),
            };
            if (weight is null || kind != entry.Kind)
                throw new ArgumentException($"the model's layer '{entry.Name}' is a {module.GetType().Name}, the ranges describe a {entry.Kind}", nameof(ranges));
            if (weight.shape[0] != entry.Weight.Channels)
                throw new ArgumentException($"the model's layer '{entry.Name}' has {weight.shape[0]} output channels, the ranges {entry.Weight.Channels}", nameof(ranges));
            if (quantizeOutputs && entry.Output is null)
                throw new ArgumentException($"the ranges have no output parameters for layer '{entry.Name}'; simulate without quantizeOutputs", nameof(quantizeOutputs));
            var (input, output) = (entry.Input, entry.Output);
            layers.Add(new SimulatedLayer(entry.Name, (nn.Module<Tensor, Tensor>)module, weight, entry.Weight, input.FakeQuantize,
                quantizeOutputs ? output!.FakeQuantize : null));
        }
        return new QuantizationSimulation(layers, ranges, quantizeOutputs);
    }

    /// <summary>Dynamic simulation: weights per channel, each input quantized with its own range.</summary>
    internal static QuantizationSimulation Dynamic(IReadOnlyList<QuantizableLayer> found, QuantScheme weightScheme, QuantScheme activationScheme)
    {
        var layers = found.Select(l => new SimulatedLayer(l.Name, l.Module, l.Weight, QuantizableLayers.WeightParams(l, weightScheme),
            x => DynamicFakeQuantize(x, activationScheme), null)).ToList();
        return new QuantizationSimulation(layers, null, quantizeOutputs: false);
    }

    /// <summary>ONNX Runtime's DynamicQuantizeLinear in float: uint8 affine parameters from this tensor's own min and max (widened to 0).</summary>
    internal static Tensor DynamicFakeQuantize(Tensor x, QuantScheme scheme)
    {
        float min, max;
        using (no_grad())
        {
            using var detached = x.detach();
            using var lo = detached.min();
            using var hi = detached.max();
            (min, max) = (lo.item<float>(), hi.item<float>());
        }
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new InvalidOperationException("an input to a dynamically quantized layer holds NaN or ∞");
        return QuantParams.FromRange(min, max, scheme).FakeQuantize(x);
    }

    private sealed record SimulatedLayer(string Name, nn.Module<Tensor, Tensor> Module, Parameter Weight, ChannelQuantParams WeightParams,
        Func<Tensor, Tensor> Input, Func<Tensor, Tensor>? Output);
}
