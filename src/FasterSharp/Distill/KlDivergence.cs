using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>The Kullback–Leibler divergence with PyTorch's <c>reduction='batchmean'</c>.</summary>
internal static class KlDivergence
{
    /// <summary>KL(q ‖ p) summed over classes and averaged over the batch: Σ_b Σ_c q·(log q − log p) / batch,
    /// with <paramref name="logP"/> = log p and <paramref name="q"/> probabilities (q = 0 terms count 0).</summary>
    public static Tensor BatchMean(Tensor logP, Tensor q) =>
        nn.functional.kl_div(logP, q, log_target: false, reduction: nn.Reduction.Sum) / logP.shape[0];
}
