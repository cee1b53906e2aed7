using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Similarity-preserving distillation: each activation F [batch, …] is flattened to Q [batch, N]; the
/// batch's similarity matrix G = Q·Qᵀ [batch, batch] is row-normalized, G̃_i = G_i / max(‖G_i‖_p, 1e-12); the loss
/// of a pair is (1/B²) Σ (G̃_s − G̃_t)² (mean squared error), summed over the pairs. The pair's layers may have
/// any shapes (only the batch must agree). Zero when the student's activations equal the teacher's (or are any
/// non-zero multiple of them).
/// Reference: F. Tung, G. Mori, "Similarity-Preserving Knowledge Distillation", ICCV 2019, arXiv:1907.09682.
/// fasterai: <c>Similarity</c> (default p = 2).</summary>
public sealed class SimilarityLoss : FeatureDistillationLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="p">The norm used to normalize the rows of G, positive and finite; default 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">p not positive and finite.</exception>
    public SimilarityLoss(double p = 2) => P = Arguments.Positive(p, nameof(p));

    /// <summary>The norm p.</summary>
    public double P { get; }

    /// <inheritdoc />
    public override string Name => $"Similarity(p={Arguments.Format(P)})";

    /// <inheritdoc />
    protected override string? StaticShapeProblem(long[] student, long[] teacher) => null;

    /// <inheritdoc />
    protected override Tensor PairLoss(int index, Tensor student, Tensor teacher) =>
        nn.functional.mse_loss(SimilarityMatrix(student), SimilarityMatrix(teacher));

    /// <summary>The row-normalized similarity matrix [batch, batch] of activations [batch, …].</summary>
    public Tensor SimilarityMatrix(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() < 2) throw new ArgumentException($"needs [batch, …], got {Shapes.Format(features.shape)}", nameof(features));
        var q = features.flatten(1);
        return nn.functional.normalize(q.matmul(q.t()), p: P, dim: 1);
    }
}
