using System.Diagnostics;
using System.Globalization;
using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Decompose;

/// <summary>Factorizes fully-connected layers by truncated SVD (fasterai's <c>FCDecomposer</c>): a Linear m×n
/// weight W ≈ U_k Σ_k V_kᵀ becomes Linear(n → k, no bias, weight Σ_k V_kᵀ) followed by Linear(k → m, the original
/// bias, weight U_k), held in a Sequential under the layer's name. The two hold k·(m + n) weights instead of m·n, so
/// they save parameters and multiply-accumulates only when k &lt; mn/(m + n). The approximation is the best of
/// rank k (Eckart–Young): ‖W − W_k‖²_F = Σ_{i&gt;k} σᵢ². Not lossless: fine-tune afterwards.</summary>
/// <remarks>
/// <para>When k gives no saving (k ≥ mn/(m+n)) the layer is decomposed as asked and a warning is issued, the way
/// Python's <c>warnings.warn</c> does: it is in <see cref="DecompositionResult.Warnings"/>, flagged in the
/// result's table ("Saves: no"), written to standard error as "warning: …" (a notebook shows it under the cell),
/// and traced with <see cref="Trace.TraceWarning(string)"/> for listeners.</para>
/// <para>The SVD is computed in float64; the factors are cast to the layer's dtype. Everything is checked and
/// computed before the model changes; when it throws, the model is as it was. A Linear is replaced through its
/// parent: inside a Sequential, or in a custom module's field declared as <c>Module&lt;Tensor, Tensor&gt;</c>.</para>
/// </remarks>
public static class LinearDecomposer
{
    /// <summary>Decomposes the Linear layers of <paramref name="model"/> (all of them, or those named).</summary>
    /// <param name="model">The model; changed in place.</param>
    /// <param name="selection">How k is chosen (<see cref="RankSelection.PercentRemoved"/>, <see cref="RankSelection.Energy"/>, <see cref="RankSelection.Rank"/>).</param>
    /// <param name="layers">Dotted names of the Linear layers to decompose; null (default) for every Linear layer.</param>
    /// <returns>k, parameters and energy kept per layer, and the no-saving warnings.</returns>
    /// <exception cref="ArgumentNullException">A null model or selection.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="ArgumentException">The model has no Linear layer; a name that is not a Linear layer of the
    /// model; a fixed k larger than a layer's number of singular values; a layer whose weight or bias holds NaN or ∞
    /// (the message names it). Nothing changes when it throws.</exception>
    /// <exception cref="UnsupportedModelException">A layer cannot be replaced in its parent (the message names it).</exception>
    public static DecompositionResult Decompose(nn.Module model, RankSelection selection, IEnumerable<string>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        Models.DisposedModel.ThrowIfDisposed(model);
        var linears = Walk(model).Where(m => m.Module is Linear).ToList();
        if (linears.Count == 0) throw new ArgumentException("the model has no Linear layer to decompose", nameof(model));
        if (layers is not null)
        {
            var names = layers.ToList();
            if (names.Count == 0) throw new ArgumentException("the list of layers is empty; pass null for every Linear layer", nameof(layers));
            foreach (var name in names)
                if (!linears.Any(l => l.Name == name))
                    throw new ArgumentException(
                        $"'{name}' is not a Linear layer of the model; its Linear layers are {string.Join(", ", linears.Select(l => l.Name))}", nameof(layers));
            linears = linears.Where(l => names.Contains(l.Name)).ToList();
        }

        if (selection.FixedK is int fixedK)
            foreach (var (name, module, _, _) in linears)
            {
                var linear = (Linear)module;
                var rank = Math.Min(linear.in_features, linear.out_features);
                if (fixedK > rank)
                    throw new ArgumentException($"k = {fixedK} exceeds the {rank} singular values of layer '{name}' ({linear.out_features}×{linear.in_features})", nameof(selection));
            }
        var plans = linears.Select(l => ModuleSurgery.Plan(
            l.Parent ?? throw new UnsupportedModelException(l.Name, "the model itself is a Linear layer; decompose a model that contains it"),
            l.ChildName!, l.Module, typeof(Sequential), l.Name)).ToList();
        var rows = new List<DecomposedLayer>();
        var replacements = new List<Sequential>();
        try
        {
            foreach (var (name, module, _, _) in linears)
            {
                var (row, replacement) = Factorize(name, (Linear)module, selection);
                rows.Add(row);
                replacements.Add(replacement);
            }
        }
        catch
        {
            foreach (var r in replacements) r.Dispose();
            throw;
        }

        var warnings = rows.Where(r => !r.Saves).Select(r =>
            $"layer '{r.Layer}': k = {r.K} ≥ mn/(m+n) = {r.BreakEvenK.ToString("0.##", CultureInfo.InvariantCulture)} for its {r.OutFeatures}×{r.InFeatures} weight: " +
            $"the two factors hold {r.ParametersAfter.ToString("N0", CultureInfo.InvariantCulture)} parameters against " +
            $"{r.ParametersBefore.ToString("N0", CultureInfo.InvariantCulture)}; no saving").ToList();
        for (var i = 0; i < plans.Count; i++) ModuleSurgery.Apply(plans[i], replacements[i]);
        foreach (var warning in warnings)
        {
            Trace.TraceWarning(warning);
            Console.Error.WriteLine("warning: " + warning);
        }
        return new DecompositionResult(selection, rows, warnings);
    }

    private static (DecomposedLayer Row, Sequential Replacement) Factorize(string name, Linear linear, RankSelection selection)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weight = linear.weight.detach();
        var (m, n) = (weight.shape[0], weight.shape[1]);
        using (var finite = isfinite(weight).all())
            if (!finite.item<bool>())
                throw new ArgumentException(
                    $"layer '{name}' ({m}×{n}) has NaN or infinite weights ({CountNotFinite(weight)} of {m * n}); an SVD of them is undefined. " +
                    "Retrain or fix the layer before decomposing it; nothing was changed", "model");
        if (linear.bias is not null)
            using (var finiteBias = isfinite(linear.bias).all())
                if (!finiteBias.item<bool>())
                    throw new ArgumentException($"layer '{name}' has a NaN or infinite bias; nothing was changed", "model");
        var (u, s, vh) = linalg.svd(weight.to_type(ScalarType.Float64), fullMatrices: false);
        var singular = s.contiguous().data<double>().ToArray();
        var k = selection.Choose(singular);
        if (k > singular.Length)
            throw new ArgumentException($"k = {k} exceeds the {singular.Length} singular values of layer '{name}' ({m}×{n})", nameof(selection));
        var energyTotal = singular.Sum(v => v * v);
        var energyKept = energyTotal == 0 ? 1 : singular.Take(k).Sum(v => v * v) / energyTotal;
        var first = (s.narrow(0, 0, k).unsqueeze(1) * vh.narrow(0, 0, k)).to_type(weight.dtype);
        var second = u.narrow(1, 0, k).to_type(weight.dtype).contiguous();
        var requiresGrad = linear.weight.requires_grad;
        var bias = linear.bias is null ? null : new Parameter(linear.bias.detach().clone(), linear.bias.requires_grad);
        var firstWeight = new Parameter(first.contiguous(), requiresGrad);
        var secondWeight = new Parameter(second, requiresGrad);
        foreach (var p in new[] { bias, firstWeight, secondWeight }) p?.MoveToOuterDisposeScope();
        var reduce = nn.Linear(firstWeight);
        var expand = nn.Linear(secondWeight, bias);
        var replacement = nn.Sequential(reduce, expand);
        replacement.train(linear.training);
        var biasCount = linear.bias is null ? 0 : m;
        var row = new DecomposedLayer(name, n, m, singular.Length, k, m * n + biasCount, k * (m + n) + biasCount, energyKept);
        return (row, replacement);
    }

    private static long CountNotFinite(Tensor weight)
    {
        using var notFinite = isfinite(weight).logical_not().sum();
        return notFinite.item<long>();
    }

    private static List<(string Name, nn.Module Module, nn.Module? Parent, string? ChildName)> Walk(nn.Module model)
    {
        var list = new List<(string, nn.Module, nn.Module?, string?)> { ("", model, null, null) };
        void Visit(nn.Module module, string prefix)
        {
            foreach (var (childName, child) in module.named_children())
            {
                var name = prefix.Length == 0 ? childName : $"{prefix}.{childName}";
                list.Add((name, child, module, childName));
                Visit(child, name);
            }
        }
        Visit(model, "");
        return list;
    }
}
