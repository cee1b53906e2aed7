using System.Globalization;
using FasterSharp.Data;
using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Post-training static int8 quantization (fasterai's Quantizer): <see cref="Calibrate(nn.Module{Tensor, Tensor}, DataLoader, int)"/>
/// runs a few batches through the model in eval mode and records, at each Conv2d and Linear, the range of its input
/// (and output) with an <see cref="Observer"/> per layer; weights get per-channel parameters from their own values.
/// <see cref="Simulate"/> then shows the model's int8 accuracy in TorchSharp (fake quantization), and the ONNX
/// exporter writes the same parameters as QuantizeLinear/DequantizeLinear pairs.</summary>
public sealed class Quantizer
{
    private readonly HashSet<string> _exclude;

    /// <summary>Creates a quantizer.</summary>
    /// <param name="activationObserver">The observer of activations, copied for every layer (<see cref="Observer.CreateLike"/>);
    /// null for <see cref="MinMaxObserver"/> with <see cref="QuantScheme.UInt8Affine"/>.</param>
    /// <param name="weightScheme">The weights' scheme, per output channel; null for <see cref="QuantScheme.Int8Symmetric"/>.</param>
    /// <param name="layerTypes">Which layers to quantize: Conv2d, Linear or both (default).</param>
    /// <param name="exclude">Dotted names of Conv2d/Linear layers to keep in float (often the first and last layer),
    /// or of unsupported layers (e.g. a Conv1d) that would otherwise be an error.</param>
    /// <exception cref="ArgumentException">Invalid layer types; a blank excluded name.</exception>
    public Quantizer(Observer? activationObserver = null, QuantScheme? weightScheme = null,
        LayerTypes layerTypes = LayerTypes.Conv2dAndLinear, IEnumerable<string>? exclude = null)
    {
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        _exclude = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in exclude ?? [])
        {
            if (name is null) throw new ArgumentException("an excluded layer name is null", nameof(exclude));
            _exclude.Add(name);
        }
        ActivationObserver = activationObserver ?? new MinMaxObserver();
        WeightScheme = weightScheme ?? QuantScheme.Int8Symmetric;
        LayerTypes = layerTypes;
    }

    /// <summary>The prototype activation observer.</summary>
    public Observer ActivationObserver { get; }

    /// <summary>The weights' per-channel scheme.</summary>
    public QuantScheme WeightScheme { get; }

    /// <summary>The kinds of layers quantized.</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>The layers kept in float.</summary>
    public IReadOnlyCollection<string> Exclude => _exclude;

    /// <summary>Calibrates on the first <paramref name="maxBatches"/> batches of a data loader (its inputs only).</summary>
    /// <param name="model">The float model; it is run in eval mode (its mode is restored) and not changed.</param>
    /// <param name="data">The calibration data, e.g. the training loader.</param>
    /// <param name="maxBatches">How many batches at most, ≥ 1 (fasterai uses about 100 samples' worth).</param>
    /// <exception cref="ArgumentNullException">A null model or loader.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxBatches &lt; 1.</exception>
    /// <exception cref="ArgumentException">An empty loader; see also <see cref="Calibrate(nn.Module{Tensor, Tensor}, IEnumerable{Tensor})"/>.</exception>
    public QuantizationRanges Calibrate(nn.Module<Tensor, Tensor> model, DataLoader data, int maxBatches = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (maxBatches < 1) throw new ArgumentOutOfRangeException(nameof(maxBatches), maxBatches, "calibration needs at least one batch");
        if (data.Count == 0) throw new ArgumentException("the data loader has no batches to calibrate on", nameof(data));
        return Run(model, Inputs(data, maxBatches), nameof(data));
    }

    /// <summary>Calibrates on the given input batches.</summary>
    /// <param name="model">The float model; it is run in eval mode under no_grad (its mode is restored) and not changed.</param>
    /// <param name="batches">Input batches (at least one), as the model takes them.</param>
    /// <returns>The ranges of every quantized layer.</returns>
    /// <exception cref="ArgumentNullException">A null model or batches.</exception>
    /// <exception cref="ArgumentException">No batches; a model with no layer to quantize or excluded names it lacks; a
    /// weight or an activation with NaN or ∞ (naming the layer and the batch); a layer that never ran.</exception>
    /// <exception cref="FasterSharp.Prune.UnsupportedModelException">A layer kind that cannot be quantized (not excluded).</exception>
    public QuantizationRanges Calibrate(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        return Run(model, batches, nameof(batches));
    }

    /// <summary>Fake-quantizes the model in place, reversibly: every layer in <paramref name="ranges"/> gets int8-representable
    /// weights (per channel) and fake-quantized inputs (and outputs, if asked), so evaluating the model shows int8 accuracy.
    /// Dispose the result (or call <see cref="QuantizationSimulation.Restore"/>) to get the float model back exactly.</summary>
    /// <param name="model">The model the ranges were computed for.</param>
    /// <param name="ranges">From <see cref="Calibrate(nn.Module{Tensor, Tensor}, DataLoader, int)"/> or <see cref="QuantizeCallback.Ranges"/>.</param>
    /// <param name="quantizeOutputs">Also fake-quantize each layer's output with its output parameters.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">A layer of the ranges that the model lacks, of another kind or channel count;
    /// outputs asked for but not observed. Nothing is changed then.</exception>
    public static QuantizationSimulation Simulate(nn.Module<Tensor, Tensor> model, QuantizationRanges ranges, bool quantizeOutputs = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ranges);
        return QuantizationSimulation.Static(model, ranges, quantizeOutputs);
    }

    /// <summary>Dynamic int8 (for Linear-heavy models, as PyTorch's <c>quantize_dynamic</c> and ONNX Runtime's
    /// DynamicQuantizeLinear + MatMulInteger): weights per output channel as in static quantization, each input
    /// quantized per tensor with the range of that very batch (uint8 affine), so no calibration is needed. In place and
    /// reversible, like <see cref="Simulate"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="layerTypes">Which layers: Linear (the default, as PyTorch's quantize_dynamic), Conv2d or both.</param>
    /// <param name="weightScheme">The weights' scheme; null for <see cref="QuantScheme.Int8Symmetric"/>.</param>
    /// <param name="exclude">Dotted names of layers to keep in float.</param>
    /// <exception cref="ArgumentNullException">A null model.</exception>
    /// <exception cref="ArgumentException">Invalid layer types; no layer to quantize; excluded names the model lacks; a weight with NaN or ∞.</exception>
    /// <exception cref="FasterSharp.Prune.UnsupportedModelException">A layer kind that cannot be quantized (not excluded).</exception>
    public static QuantizationSimulation SimulateDynamic(nn.Module<Tensor, Tensor> model, LayerTypes layerTypes = LayerTypes.Linear,
        QuantScheme? weightScheme = null, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        var excluded = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var layers = QuantizableLayers.Find(model, layerTypes, excluded, nameof(model));
        var scheme = weightScheme ?? QuantScheme.Int8Symmetric;
        foreach (var layer in layers) QuantizableLayers.WeightParams(layer, scheme); // NaN weights fail before any change
        return QuantizationSimulation.Dynamic(layers, scheme, QuantScheme.UInt8Affine);
    }

    /// <summary>The weights' parameters of dynamic quantization (the input parameters are placeholders: inputs are
    /// quantized with their own range at run time).</summary>
    internal static QuantizationRanges DynamicRanges(nn.Module<Tensor, Tensor> model, LayerTypes layerTypes, QuantScheme? weightScheme, IEnumerable<string>? exclude)
    {
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in exclude ?? [])
        {
            if (name is null) throw new ArgumentException("an excluded layer name is null", nameof(exclude));
            excluded.Add(name);
        }
        var scheme = weightScheme ?? QuantScheme.Int8Symmetric;
        var placeholder = QuantParams.FromRange(0f, 1f, QuantScheme.UInt8Affine);
        var layers = QuantizableLayers.Find(model, layerTypes, excluded, nameof(model));
        return new QuantizationRanges(
            layers.Select(l => new LayerQuantization(l.Name, l.Kind, placeholder, QuantizableLayers.WeightParams(l, scheme), null)),
            "dynamic (each input's own range)");
    }

    private static IEnumerable<Tensor> Inputs(DataLoader data, int maxBatches)
    {
        var taken = 0;
        foreach (var batch in data)
        {
            using (batch)
            {
                yield return batch.Input;
            }
            if (++taken >= maxBatches) yield break;
        }
    }

    private QuantizationRanges Run(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches, string batchesName)
    {
        var layers = QuantizableLayers.Find(model, LayerTypes, _exclude, nameof(model));
        var weights = layers.Select(l => QuantizableLayers.WeightParams(l, WeightScheme)).ToList();
        var inputs = layers.Select(_ => ActivationObserver.CreateLike()).ToList();
        var outputs = layers.Select(_ => ActivationObserver.CreateLike()).ToList();
        var batchIndex = 0;
        var removers = new List<Action>();
        var wasTraining = model.training;
        try
        {
            for (var i = 0; i < layers.Count; i++)
            {
                var (layer, input, output) = (layers[i], inputs[i], outputs[i]);
                removers.Add(layer.Module.register_forward_pre_hook((_, x) =>
                {
                    Observe(input, x, layer.Name, "input", batchIndex, batchesName);
                    return null!;
                }).remove);
                removers.Add(layer.Module.register_forward_hook((_, _, y) =>
                {
                    Observe(output, y, layer.Name, "output", batchIndex, batchesName);
                    return null!;
                }).remove);
            }
            model.eval();
            using var noGrad = no_grad();
            foreach (var batch in batches)
            {
                if (batch is null) throw new ArgumentException($"batch {batchIndex} is null", batchesName);
                using var scope = NewDisposeScope();
                model.call(batch);
                batchIndex++;
            }
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
        if (batchIndex == 0) throw new ArgumentException("calibration needs at least one batch, and there were none", batchesName);
        var idle = layers.Where((_, i) => inputs[i].Count == 0).Select(l => $"'{l.Name}'").ToList();
        if (idle.Count > 0)
            throw new ArgumentException($"the layer{(idle.Count > 1 ? "s" : "")} {string.Join(", ", idle)} never ran in the model's forward pass, " +
                                        "so their inputs have no range; exclude them", "model");
        var entries = layers.Select((l, i) => new LayerQuantization(l.Name, l.Kind, inputs[i].ComputeParams(), weights[i], outputs[i].ComputeParams()));
        return new QuantizationRanges(entries,
            string.Create(CultureInfo.InvariantCulture, $"{ActivationObserver.Name} over {batchIndex} batch{(batchIndex == 1 ? "" : "es")}"));
    }

    private static void Observe(Observer observer, Tensor values, string layer, string what, int batch, string batchesName)
    {
        try
        {
            observer.Observe(values);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the {what} of layer '{layer}' in calibration batch {batch} cannot be quantized: {e.Message}", batchesName, e);
        }
    }
}
