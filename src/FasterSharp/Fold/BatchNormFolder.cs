using FasterSharp.Metrics;
using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Fold;

/// <summary>Batch-norm folding: in eval mode a BatchNorm is a fixed per-channel affine map y = a·x + d with
/// a = γ/√(σ²+ε) and d = β − μ·a, so a neighbouring Conv2d or Linear can absorb it and the BatchNorm is replaced
/// by an Identity — fewer parameters, fewer operations, the same outputs up to float rounding.</summary>
/// <remarks>
/// <para>Each BatchNorm is folded into the Conv2d/Linear that produces its input when it alone reads that output
/// (conv → BN, linear → BN: W' = W·a, b' = (b − μ)·a + β per output channel). Otherwise it is folded into the
/// layer that reads its output (as in conv → ReLU → BN → conv), when only operations that commute with a per-channel
/// affine map lie between: dropout and identity (eval mode), average pooling without zero padding, max pooling when
/// every a ≥ 0, flatten; the layer must be a Linear or a Conv2d without padding (zero padding would not see the
/// shift d). Then W' = W·a per input channel and b' = b + W·d.</para>
/// <para>Data flow comes from the model's <see cref="DependencyGraph"/> (module kinds, Sequential order, flow
/// descriptions), never from module registration order. The computation is done in float64 and cast back.
/// Everything is checked and computed before the model changes; when it throws, the model is as it was.
/// BatchNorms are replaced through their parent: inside a Sequential, or in a custom module's field declared as
/// <c>Module&lt;Tensor, Tensor&gt;</c> (ours are).</para>
/// </remarks>
public static class BatchNormFolder
{
    private sealed record Plan(FlowNode BatchNorm, FlowNode Target, FoldDirection Direction, long Spread, string Through);

    private sealed class Working(Tensor weight, Tensor bias, bool hadBias)
    {
        public Tensor Weight = weight;
        public Tensor Bias = bias;
        public bool HadBias = hadBias;
    }

    /// <summary>Folds every BatchNorm of <paramref name="model"/> into a neighbouring layer and replaces it by an Identity.</summary>
    /// <param name="model">The model, in eval mode; changed in place.</param>
    /// <param name="sampleInput">An input batch of the shape the model is used with (for the data flow, see
    /// <see cref="DependencyGraph.Build"/>).</param>
    /// <returns>The folded BatchNorms and the parameter counts.</returns>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The model (or one of its BatchNorms) is in training mode; a bad sample; a
    /// BatchNorm whose statistics or affine parameters are NaN or infinite, whose running variance is negative, or
    /// whose ε is not positive.</exception>
    /// <exception cref="UnsupportedModelException">A BatchNorm has no layer it can be folded into, has no running
    /// statistics, or cannot be replaced in its parent; or the model has a module the tools cannot follow. The
    /// message names the module.</exception>
    public static FoldResult Fold(nn.Module<Tensor, Tensor> model, Tensor sampleInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        if (model.training)
            throw new ArgumentException("the model is in training mode; folding uses the running statistics of eval mode: call model.eval() first", nameof(model));
        var training = ForwardRecording.WithNames(model).FirstOrDefault(m => m.Module is BatchNorm && m.Module.training);
        if (training.Module is not null)
            throw new ArgumentException($"BatchNorm '{training.Name}' is in training mode; call model.eval() first", nameof(model));

        var graph = DependencyGraph.Build(model, sampleInput);
        var plans = graph.Nodes.Where(n => n.Kind == NodeKind.BatchNorm).Select(PlanFold).ToList();
        var replacements = plans.Select(p => ModuleSurgery.Plan(
            p.BatchNorm.Parent ?? throw new UnsupportedModelException(p.BatchNorm.Name, "the model itself is a BatchNorm; there is nothing to fold it into"),
            p.BatchNorm.ChildName!, p.BatchNorm.Module!, typeof(Identity), p.BatchNorm.Name)).ToList();

        var parametersBefore = Pruner.CountParameters(model);
        var working = new Dictionary<nn.Module, Working>(ReferenceEqualityComparer.Instance);
        var identities = new List<Identity>();
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            foreach (var plan in plans) Apply(plan, working);
            foreach (var w in working.Values)
            {
                w.Weight.MoveToOuterDisposeScope();
                w.Bias.MoveToOuterDisposeScope();
            }
            identities.AddRange(plans.Select(_ => nn.Identity()));
        }

        // Commit: nothing below can fail on a planned model.
        foreach (var (module, w) in working)
        {
            var (weight, hadBias) = module switch
            {
                Conv2d c => (c.weight, c.bias is not null),
                Linear l => (l.weight, l.bias is not null),
                _ => throw new InvalidOperationException("unreachable"),
            };
            var requiresGrad = weight.requires_grad;
            var newWeight = new Parameter(w.Weight.to_type(weight.dtype), requiresGrad);
            var newBias = new Parameter(w.Bias.to_type(weight.dtype), requiresGrad);
            w.Weight.Dispose();
            w.Bias.Dispose();
            switch (module)
            {
                case Conv2d c:
                    c.weight = newWeight;
                    c.bias = newBias;
                    break;
                case Linear l:
                    l.weight = newWeight;
                    l.bias = newBias;
                    break;
            }
        }
        for (var i = 0; i < plans.Count; i++)
        {
            identities[i].train(false);
            ModuleSurgery.Apply(replacements[i], identities[i]);
        }
        var folded = plans.Select(p => new FoldedBatchNorm(p.BatchNorm.Name, p.Target.Name, p.Direction, p.Through)).ToList();
        return new FoldResult(folded, parametersBefore, Pruner.CountParameters(model));
    }

    private static Plan PlanFold(FlowNode bnNode)
    {
        var bn = (BatchNorm)bnNode.Module!;
        if (bn.running_mean is null || bn.running_var is null)
            throw new UnsupportedModelException(bnNode.Name,
                "it has no running statistics (track_running_stats is false), so it normalizes with batch statistics even in eval mode; no layer can absorb it");
        CheckStatistics(bnNode.Name, bn);
        var input = bnNode.Inputs[0];
        var producer = input.Producer!;
        string backward;
        if (producer.Kind is NodeKind.Conv or NodeKind.DepthwiseConv or NodeKind.Linear)
        {
            if (input.Consumers.Count == 1) return new Plan(bnNode, producer, FoldDirection.IntoPreceding, 1, "");
            backward = $"the output of {producer.Name} ({producer.TypeName}) is also read by {string.Join(", ", input.Consumers.Where(c => c != bnNode).Select(c => c.Name))}";
        }
        else
        {
            backward = $"its input comes from {producer.Name} ({producer.TypeName}), not from a Conv2d or Linear";
        }

        using var scale = Scale(bn);
        var negative = ZeroChannels.ToDoubles(scale).Count(a => a < 0);
        var through = new List<string>();
        var value = bnNode.Output;
        string forward;
        while (true)
        {
            if (value.Consumers.Count == 0)
            {
                forward = "its output is the model output";
                break;
            }
            if (value.Consumers.Count > 1)
            {
                forward = $"its output is read by {value.Consumers.Count} operations ({string.Join(", ", value.Consumers.Select(c => c.Name))})";
                break;
            }
            var next = value.Consumers[0];
            var step = $"{next.Name} ({next.TypeName})";
            string? stop = next.Module switch
            {
                Dropout or Dropout2d or AlphaDropout or Identity => null,
                TorchSharp.Modules.Flatten => null,
                AdaptiveAvgPool2d => null,
                AvgPool2d avg when avg.padding is null || avg.padding.All(p => p == 0) || !avg.count_include_pad => avg.divisor_override is null ? null : $"{step} overrides its divisor",
                // TorchSharp leaves padding null when it was not given, which means no padding.
                AvgPool2d => $"{step} averages zero padding, which the shift would not reach",
                MaxPool2d or AdaptiveMaxPool2d when negative == 0 => null,
                MaxPool2d or AdaptiveMaxPool2d => $"{step} commutes with the BatchNorm only when every scale γ/√(σ²+ε) ≥ 0, and {negative} channel(s) have a negative scale",
                Conv2d conv when next.Kind == NodeKind.Conv && conv.padding_type != TorchSharp.Padding.Same && (conv.padding is null || conv.padding.All(p => p == 0)) =>
                    "target",
                Conv2d => $"{step} pads its input with zeros (or is grouped), which the folded shift would not reach",
                Linear => "target",
                _ when next.Kind == NodeKind.Flatten => null,
                _ => $"{step} is not an operation the BatchNorm commutes with",
            };
            if (stop == "target")
            {
                var spread = next.Inputs[0].ShapeArray[1] / bnNode.Output.ShapeArray[1];
                return new Plan(bnNode, next, FoldDirection.IntoFollowing, spread, string.Join(", ", through));
            }
            if (stop is not null)
            {
                forward = stop;
                break;
            }
            through.Add(step);
            value = next.Output;
        }
        throw new UnsupportedModelException(bnNode.Name, $"it has no layer to fold into: {backward}; and {forward}");
    }

    private static void Apply(Plan plan, Dictionary<nn.Module, Working> working)
    {
        var bn = (BatchNorm)plan.BatchNorm.Module!;
        var target = plan.Target.Module!;
        if (!working.TryGetValue(target, out var w))
        {
            var (weight, bias, outFeatures) = target switch
            {
                Conv2d c => (c.weight, c.bias, c.out_channels),
                Linear l => (l.weight, l.bias, l.out_features),
                _ => throw new InvalidOperationException("unreachable"),
            };
            working[target] = w = new Working(weight.detach().to_type(ScalarType.Float64),
                bias is null ? zeros(outFeatures, ScalarType.Float64, weight.device) : bias.detach().to_type(ScalarType.Float64), bias is not null);
        }
        var a = Scale(bn);
        var beta = bn.bias is null ? zeros_like(a) : bn.bias.detach().to_type(ScalarType.Float64);
        var d = beta - bn.running_mean!.detach().to_type(ScalarType.Float64) * a;
        var rank = w.Weight.dim();
        if (plan.Direction == FoldDirection.IntoPreceding)
        {
            var shape = Enumerable.Repeat(1L, (int)rank).ToArray();
            shape[0] = -1;
            w.Weight = w.Weight * a.view(shape);
            w.Bias = w.Bias * a + d;
        }
        else
        {
            var aIn = plan.Spread == 1 ? a : a.repeat_interleave(plan.Spread);
            var dIn = plan.Spread == 1 ? d : d.repeat_interleave(plan.Spread);
            var perInput = rank == 4 ? w.Weight.sum([2, 3]) : w.Weight;
            w.Bias = w.Bias + perInput.matmul(dIn);
            var shape = Enumerable.Repeat(1L, (int)rank).ToArray();
            shape[1] = -1;
            w.Weight = w.Weight * aIn.view(shape);
        }
    }

    /// <summary>Folding a NaN, an infinity or a negative variance would put NaN or ∞ into the weights without an
    /// error (a BatchNorm that saw NaN activations while training keeps NaN statistics): the statistics and affine
    /// parameters must be finite, the variance at least 0 and ε positive, or nothing is folded.</summary>
    private static void CheckStatistics(string name, BatchNorm bn)
    {
        if (!(bn.eps > 0) || !double.IsFinite(bn.eps))
            throw new ArgumentException($"BatchNorm '{name}' has eps {bn.eps}; folding divides by √(σ²+ε) and needs a positive, finite ε", "model");
        foreach (var (what, tensor) in new[] { ("running_mean", bn.running_mean), ("running_var", bn.running_var), ("weight (γ)", bn.weight), ("bias (β)", bn.bias) })
        {
            if (tensor is null) continue;
            var values = ZeroChannels.ToDoubles(tensor);
            for (var c = 0; c < values.Length; c++)
            {
                var bad = !double.IsFinite(values[c]) ? "not finite" : what == "running_var" && values[c] < 0 ? "negative" : null;
                if (bad is not null)
                    throw new ArgumentException(
                        $"BatchNorm '{name}' has {what}[{c}] = {values[c]} ({bad}); folding it would write NaN or ∞ into the weights. " +
                        "Its statistics are broken (NaN activations while training?): retrain or recompute them before folding; nothing was changed", "model");
            }
        }
    }

    /// <summary>a = γ/√(σ²+ε) in float64 (γ = 1 without affine parameters).</summary>
    private static Tensor Scale(BatchNorm bn)
    {
        using var variance = bn.running_var!.detach().to_type(ScalarType.Float64);
        using var std = (variance + bn.eps).sqrt();
        if (bn.weight is null) return std.reciprocal();
        using var gamma = bn.weight.detach().to_type(ScalarType.Float64);
        return gamma / std;
    }
}
