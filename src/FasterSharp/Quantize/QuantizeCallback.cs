using System.Globalization;
using FasterSharp.Learning;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Quantization-aware training (fasterai's QuantizeCallback): during the fit every Conv2d and Linear runs with
/// fake int8 quantization — its weight per output channel (symmetric int8, from the current float weights on every
/// batch) and its input per tensor (with an <see cref="Observer"/>, a moving-average min-max by default) — so the model
/// learns weights that survive int8. Gradients pass straight through the rounding (to the float weights, which the
/// optimizer updates; to inputs where they lie inside the range). Observers follow the training batches until
/// <see cref="FreezeAt"/> of training, then the activation ranges stay fixed. After the fit the hooks are gone, the
/// model holds its float weights, and <see cref="Ranges"/> holds the parameters for <see cref="Quantizer.Simulate"/> and
/// the ONNX exporter (the weights' from the final weights). Combines with other callbacks, e.g. knowledge distillation.</summary>
public sealed class QuantizeCallback : Callback
{
    private readonly HashSet<string> _exclude;
    private readonly List<LayerState> _layers = [];
    private readonly List<Action> _removers = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="activationObserver">The activation observer, copied for every layer; null for
    /// <see cref="MovingAverageMinMaxObserver"/> (uint8 affine, c = 0.01, PyTorch's QAT default).</param>
    /// <param name="weightScheme">The weights' scheme, per output channel; null for <see cref="QuantScheme.Int8Symmetric"/>.</param>
    /// <param name="freezeAt">The fraction of training in [0, 1] after which the activation ranges stop following the data
    /// (PyTorch's disable_observer); 1 never freezes. With <paramref name="initialRanges"/>, 0 keeps them fixed throughout.</param>
    /// <param name="layerTypes">Which layers to quantize.</param>
    /// <param name="exclude">Dotted names of layers to keep in float.</param>
    /// <param name="initialRanges">Ranges to start from (for example from <see cref="Quantizer.Calibrate(nn.Module{Tensor, Tensor}, Data.DataLoader, int)"/>);
    /// null to start from the first training batch.</param>
    /// <param name="quantizeOutputs">Also fake-quantize each layer's output (its range is always recorded).</param>
    /// <exception cref="ArgumentOutOfRangeException">freezeAt outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">Invalid layer types; a null excluded name; freezeAt 0 without initial ranges.</exception>
    public QuantizeCallback(Observer? activationObserver = null, QuantScheme? weightScheme = null, double freezeAt = 0.5,
        LayerTypes layerTypes = LayerTypes.Conv2dAndLinear, IEnumerable<string>? exclude = null, QuantizationRanges? initialRanges = null,
        bool quantizeOutputs = false)
    {
        LayerTypesCheck.ThrowIfInvalid(layerTypes, nameof(layerTypes));
        if (!(freezeAt >= 0 && freezeAt <= 1)) throw new ArgumentOutOfRangeException(nameof(freezeAt), freezeAt, "must be in [0, 1]");
        if (freezeAt == 0 && initialRanges is null)
            throw new ArgumentException("freezing the ranges from the start needs initialRanges (from Quantizer.Calibrate)", nameof(freezeAt));
        _exclude = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in exclude ?? [])
            _exclude.Add(name ?? throw new ArgumentException("an excluded layer name is null", nameof(exclude)));
        ActivationObserver = activationObserver ?? new MovingAverageMinMaxObserver();
        WeightScheme = weightScheme ?? QuantScheme.Int8Symmetric;
        FreezeAt = freezeAt;
        LayerTypes = layerTypes;
        InitialRanges = initialRanges;
        QuantizeOutputs = quantizeOutputs;
    }

    /// <summary>The prototype activation observer.</summary>
    public Observer ActivationObserver { get; }

    /// <summary>The weights' per-channel scheme.</summary>
    public QuantScheme WeightScheme { get; }

    /// <summary>The fraction of training after which activation ranges are frozen.</summary>
    public double FreezeAt { get; }

    /// <summary>The kinds of layers quantized.</summary>
    public LayerTypes LayerTypes { get; }

    /// <summary>The ranges training starts from, or null.</summary>
    public QuantizationRanges? InitialRanges { get; }

    /// <summary>Whether outputs are fake-quantized too.</summary>
    public bool QuantizeOutputs { get; }

    /// <summary>Whether the activation ranges are frozen now.</summary>
    public bool Frozen { get; private set; }

    /// <summary>The parameters at the end of the last fit (null before one ended): input and output ranges from the
    /// observers, weight parameters from the final float weights.</summary>
    public QuantizationRanges? Ranges { get; private set; }

    /// <summary>The layers of the last fit whose input no training batch reached (left out of <see cref="Ranges"/>, so
    /// they stay in float); empty normally.</summary>
    public IReadOnlyList<string> NotObserved { get; private set; } = [];

    /// <summary>Checks the model before the fit's first event (before any callback changes anything): layers to
    /// quantize exist and are supported, weights are finite, initial ranges cover every layer.</summary>
    internal override void CheckBeforeFit(int epochs) => FindLayers();

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Release();
        var found = FindLayers();
        // Everything was checked: from here on the callback changes state.
        foreach (var layer in found)
        {
            var state = new LayerState(layer, ActivationObserver.CreateLike(), ActivationObserver.CreateLike());
            if (InitialRanges?.Find(layer.Name) is { } initial)
            {
                state.Input.Seed(initial.Input.Min, initial.Input.Max);
                if (initial.Output is { } output) state.Output.Seed(output.Min, output.Max);
            }
            _layers.Add(state);
            _removers.Add(layer.Module.register_forward_pre_hook((module, x) => Before(state, module, x)).remove);
            _removers.Add(layer.Module.register_forward_hook((module, _, y) => After(state, module, y)).remove);
        }
        Frozen = FreezeAt == 0;
        Ranges = null;
        NotObserved = [];
    }

    private List<QuantizableLayer> FindLayers()
    {
        var found = QuantizableLayers.Find(Learn.Model, LayerTypes, _exclude, "model");
        foreach (var layer in found)
        {
            QuantizableLayers.WeightParams(layer, WeightScheme); // a weight with NaN or ∞ fails here, before any change
            if (InitialRanges is not null && !InitialRanges.Contains(layer.Name))
                throw new ArgumentException($"the initial ranges have no entry for layer '{layer.Name}'; calibrate the same model with the same exclusions",
                    "initialRanges");
        }
        return found;
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (learn.Training && !Frozen && learn.PctTrain >= FreezeAt) Frozen = true;
    }

    /// <summary>After backward: the float weights come back before the optimizer steps them.</summary>
    public override void BeforeStep() => RestoreWeights();

    /// <inheritdoc />
    public override void AfterBatch() => RestoreWeights();

    /// <inheritdoc />
    public override void AfterFit()
    {
        RestoreWeights();
        var states = _layers.ToList();
        Release();
        if (states.Count == 0) return;
        var ran = states.Where(s => s.Input.Count > 0).ToList();
        NotObserved = states.Where(s => s.Input.Count == 0).Select(s => s.Layer.Name).ToList();
        if (ran.Count == 0) return; // no training batch ran (a cancelled fit): no ranges to give
        var method = FreezeAt < 1
            ? string.Create(CultureInfo.InvariantCulture, $"quantization-aware training, {ActivationObserver.Name}, frozen at {FreezeAt:P0}")
            : $"quantization-aware training, {ActivationObserver.Name}";
        Ranges = new QuantizationRanges(ran.Select(s => new LayerQuantization(s.Layer.Name, s.Layer.Kind, s.Input.ComputeParams(),
            QuantizableLayers.WeightParams(s.Layer, WeightScheme), s.Output.Count > 0 ? s.Output.ComputeParams() : null)), method);
    }

    /// <inheritdoc />
    internal override void ReleaseAfterFailedFit()
    {
        RestoreWeights();
        Release();
    }

    private Tensor Before(LayerState state, nn.Module<Tensor, Tensor> module, Tensor x)
    {
        var observing = module.training && Attached is { Training: true } && !Frozen;
        if (observing) Observe(state.Input, x, state.Layer.Name, "input");
        if (state.Saved is null)
        {
            using var noGrad = no_grad();
            var weight = state.Layer.Weight;
            state.Saved = weight.detach().clone().DetachFromDisposeScope();
            ChannelQuantParams parameters;
            try
            {
                parameters = ChannelQuantParams.FromTensor(state.Saved, 0, WeightScheme);
            }
            catch (ArgumentException e)
            {
                Restore(state);
                throw new InvalidOperationException($"the weight of layer '{state.Layer.Name}' cannot be quantized{Where()}: {e.Message} " +
                                                    "(did training diverge? a lower learning rate may help)", e);
            }
            using var quantized = parameters.FakeQuantize(state.Saved);
            weight.copy_(quantized);
        }
        return state.Input.Count > 0 ? state.Input.ComputeParams().FakeQuantize(x) : null!;
    }

    private Tensor After(LayerState state, nn.Module<Tensor, Tensor> module, Tensor y)
    {
        var observing = module.training && Attached is { Training: true } && !Frozen;
        if (observing) Observe(state.Output, y, state.Layer.Name, "output");
        // Without a backward pass to come (eval, no_grad), the float weight comes back at once; otherwise after backward.
        if (!(is_grad_enabled() && module.training && Attached is { Training: true })) Restore(state);
        return QuantizeOutputs && state.Output.Count > 0 ? state.Output.ComputeParams().FakeQuantize(y) : null!;
    }

    private void Observe(Observer observer, Tensor values, string layer, string what)
    {
        try
        {
            observer.Observe(values);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"the {what} of layer '{layer}' cannot be quantized{Where()}: {e.Message}", e);
        }
    }

    private string Where() => Attached is { } learn ? $" in {(learn.Training ? "training" : "validation")} batch {learn.Iteration} of epoch {learn.Epoch}" : "";

    private void RestoreWeights()
    {
        foreach (var state in _layers) Restore(state);
    }

    private static void Restore(LayerState state)
    {
        if (state.Saved is null) return;
        using (no_grad()) state.Layer.Weight.copy_(state.Saved);
        state.Saved.Dispose();
        state.Saved = null;
    }

    private void Release()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
        RestoreWeights();
        _layers.Clear();
    }

    private sealed class LayerState(QuantizableLayer layer, Observer input, Observer output)
    {
        public QuantizableLayer Layer { get; } = layer;
        public Observer Input { get; } = input;
        public Observer Output { get; } = output;
        public Tensor? Saved { get; set; }
    }
}
