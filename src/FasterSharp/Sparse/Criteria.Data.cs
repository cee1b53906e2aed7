using FasterSharp.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

public static partial class Criteria
{
    /// <summary>The most calibration batches a data criterion reads.</summary>
    public const int MaxCalibrationBatches = 10_000;

    /// <summary>Wanda (Sun et al. 2023, "A Simple and Effective Pruning Approach for Large Language Models",
    /// arXiv:2306.11695): a weight's score is |w| times the L2 norm of the input feature it multiplies, measured over
    /// calibration batches: S[o, i] = |W[o, i]| · ‖X[:, i]‖₂ for a Linear, and for a Conv2d the norm of input channel i
    /// over every image and position, S[o, i, kh, kw] = |W[o, i, kh, kw]| · ‖X[:, i, :, :]‖₂ (channel-level, a common
    /// simplification of the unfolded form; grouped convolutions use each group's own channels). Weights that multiply
    /// large activations matter more than their magnitude alone says. The norms are measured once, here; the score
    /// uses the weights current when it is asked, so it works with the <see cref="Sparsifier"/>, the Pruner and their
    /// callbacks while the shapes stay as measured.</summary>
    /// <param name="model">The model to measure (run in eval mode under no_grad; its training flags are restored).</param>
    /// <param name="inputs">Calibration batches (model inputs), at most <see cref="MaxCalibrationBatches"/>.</param>
    /// <returns>A layer-aware criterion named "wanda" for the model's Conv2d and Linear layers.</returns>
    /// <exception cref="ArgumentNullException">A null argument or batch.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">No batch, too many, a batch the model fails on, activations that are not
    /// finite, or a model without Conv2d or Linear layers.</exception>
    public static Criterion Wanda(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        var layers = WeightedLayers(model);
        var squares = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var hooks = layers.Select(l => l.Module.register_forward_pre_hook((_, input) =>
        {
            // Sum of squares per input feature: over every dim but the feature dim (1 for conv [N, C, H, W] and for
            // a Linear's [N, in]; the last dim for a Linear on [N, …, in]).
            var featureDim = l.Module is Linear ? input.dim() - 1 : 1;
            var dims = Enumerable.Range(0, (int)input.dim()).Where(d => d != featureDim).Select(d => (long)d).ToArray();
            var sum = input.detach().to_type(ScalarType.Float64).square().sum(dims);
            squares[l.Name] = squares.TryGetValue(l.Name, out var previous) ? previous.add_(sum) : sum.DetachFromDisposeScope();
            return input;
        })).ToList();
        try
        {
            RunCalibration(model, inputs, nameof(inputs), (m, x) => m.call(x), grad: false);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }

        var norms = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, module) in layers)
        {
            if (!squares.TryGetValue(name, out var sum)) continue; // not reached by the forward pass
            var norm = sum.sqrt().to_type(ScalarType.Float32);
            sum.Dispose();
            if (!norm.isfinite().all().item<bool>())
                throw new ArgumentException($"the activations entering layer '{name}' are not finite; Wanda needs finite calibration activations", nameof(inputs));
            norms[name] = norm.DetachFromDisposeScope();
        }

        return new Criterion("wanda", (layer, w) =>
        {
            if (!norms.TryGetValue(layer, out var norm)) return null;
            var perInput = PerWeightInput(norm, w);
            return perInput is null ? null : w.abs().mul(perInput);
        });
    }

    /// <summary>First-order Taylor importance (Molchanov et al. 2019, "Importance Estimation for Neural Network Pruning",
    /// arXiv:1906.10771): a weight's score is |w · ∂L/∂w| summed over calibration batches, the first-order estimate of
    /// how much the loss changes when the weight is removed. Measured once, here, in eval mode (BatchNorm statistics do
    /// not move); the scores are those of the weights at calibration, so use it for a one-shot decision (Sparsifier,
    /// Pruner) rather than during training.</summary>
    /// <param name="model">The model (its gradients are cleared after; its training flags are restored).</param>
    /// <param name="batches">Calibration batches of (input, target), at most <see cref="MaxCalibrationBatches"/>.</param>
    /// <param name="loss">The loss (default cross-entropy).</param>
    /// <returns>A layer-aware criterion named "taylor" for the model's Conv2d and Linear layers.</returns>
    /// <exception cref="ArgumentNullException">A null model or batches, or a null tensor in a batch.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">No batch, too many, a batch the model or loss fails on, a loss or gradient
    /// that is not finite, or a model without Conv2d or Linear layers.</exception>
    public static Criterion Taylor(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor Input, Tensor Target)> batches,
        Func<Tensor, Tensor, Tensor>? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        DisposedModel.ThrowIfDisposed(model, nameof(model));
        loss ??= (prediction, target) => nn.functional.cross_entropy(prediction, target);
        var layers = WeightedLayers(model);
        var sums = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in model.parameters()) p.grad = null;
        try
        {
            RunCalibration(model, batches.Select(b => (b.Input ?? throw new ArgumentNullException(nameof(batches), "a batch input is null"),
                b.Target ?? throw new ArgumentNullException(nameof(batches), "a batch target is null"))), nameof(batches), (m, batch) =>
            {
                var value = loss(m.call(batch.Item1), batch.Item2);
                if (!value.isfinite().all().item<bool>()) throw new ArgumentException("the loss is not finite on a calibration batch", nameof(batches));
                value.backward();
                foreach (var (name, module) in layers)
                {
                    var weight = WeightOf(module);
                    if (weight.grad is not { } grad) continue;
                    var term = weight.detach().mul(grad).abs();
                    sums[name] = sums.TryGetValue(name, out var s) ? s.add_(term) : term.DetachFromDisposeScope();
                    weight.grad = null;
                }
                return value;
            }, grad: true);
        }
        finally
        {
            foreach (var p in model.parameters()) p.grad = null;
        }

        foreach (var (name, sum) in sums)
            if (!sum.isfinite().all().item<bool>())
                throw new ArgumentException($"the gradients of layer '{name}' are not finite on the calibration batches", nameof(batches));

        return new Criterion("taylor", (layer, w) =>
            sums.TryGetValue(layer, out var s) && s.shape.SequenceEqual(w.shape) ? s.clone() : null);
    }

    private static List<(string Name, nn.Module<Tensor, Tensor> Module)> WeightedLayers(nn.Module model)
    {
        var layers = ModelWalk.DepthFirst(model)
            .Where(l => l.Module is Conv2d or Linear)
            .Select(l => (l.Name, (nn.Module<Tensor, Tensor>)l.Module)).ToList();
        return layers.Count > 0 ? layers : throw new ArgumentException("the model has no Conv2d or Linear layer to score", nameof(model));
    }

    private static Parameter WeightOf(nn.Module module) => module switch
    {
        Conv2d c => c.weight!,
        Linear l => l.weight!,
        _ => throw new InvalidOperationException($"{module.GetType().Name} has no weight to score"),
    };

    /// <summary>The input norm each weight multiplies, broadcastable to w: [1, in] for a Linear, [out, in/groups, 1, 1]
    /// for a Conv2d (each output channel's group of input channels); null when the shapes no longer match.</summary>
    private static Tensor? PerWeightInput(Tensor norm, Tensor w)
    {
        if (w.dim() == 2) return norm.shape[0] == w.shape[1] ? norm.reshape(1, -1) : null;
        var inPerGroup = w.shape[1];
        if (norm.shape[0] % inPerGroup != 0) return null;
        var groups = norm.shape[0] / inPerGroup;
        if (w.shape[0] % groups != 0) return null;
        return norm.reshape(groups, 1, inPerGroup).expand(groups, w.shape[0] / groups, inPerGroup).reshape(w.shape[0], inPerGroup, 1, 1);
    }

    private static void RunCalibration<T>(nn.Module<Tensor, Tensor> model, IEnumerable<T> batches, string parameterName,
        Func<nn.Module<Tensor, Tensor>, T, Tensor> step, bool grad)
    {
        var flags = model.modules().Select(m => (m, m.training)).ToList();
        var count = 0;
        try
        {
            model.eval();
            foreach (var batch in batches)
            {
                if (++count > MaxCalibrationBatches)
                    throw new ArgumentException($"more than {MaxCalibrationBatches} calibration batches; pass fewer (a few dozen are enough)", parameterName);
                if (batch is null) throw new ArgumentNullException(parameterName, "a calibration batch is null");
                using var scope = NewDisposeScope();
                using var mode = grad ? enable_grad() : no_grad();
                try
                {
                    step(model, batch);
                }
                catch (Exception e) when (e is not (ArgumentException or OutOfMemoryException))
                {
                    throw new ArgumentException($"calibration batch {count} fails: {e.Message}", parameterName, e);
                }
            }
        }
        finally
        {
            foreach (var (m, training) in flags) m.train(training);
        }

        if (count == 0) throw new ArgumentException("no calibration batch: pass at least one", parameterName);
    }
}
