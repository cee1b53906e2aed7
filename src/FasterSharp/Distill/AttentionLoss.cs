using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Attention transfer: each activation map F [batch, C, H, W] becomes a spatial attention map
/// A = (1/C) Σ_c |F_c|^p [batch, H, W], flattened per sample and L2-normalized, a = A / max(‖A‖₂, 1e-12); the
/// loss of a pair is the mean squared difference (1/(B·H·W)) Σ (a_s − a_t)², summed over the pairs. Student
/// and teacher may have different channel counts but need the same H × W. Zero when the student's maps equal
/// the teacher's (or are any positive multiple of them). fasterai writes F^p, the same for even p and for
/// non-negative (post-ReLU) maps.
/// Reference: S. Zagoruyko, N. Komodakis, "Paying More Attention to Attention: Improving the Performance of
/// Convolutional Neural Networks via Attention Transfer", ICLR 2017, arXiv:1612.03928. fasterai: <c>Attention</c>
/// (default p = 2).</summary>
public sealed class AttentionLoss : FeatureDistillationLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="p">The power applied to activations before averaging over channels, positive and finite; default 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">p not positive and finite.</exception>
    public AttentionLoss(double p = 2) => P = Arguments.Positive(p, nameof(p));

    /// <summary>The power p.</summary>
    public double P { get; }

    /// <inheritdoc />
    public override string Name => $"Attention(p={Arguments.Format(P)})";

    /// <inheritdoc />
    protected override string? StaticShapeProblem(long[] student, long[] teacher)
    {
        if (student.Length != 3 || teacher.Length != 3) return "attention maps need activations [channels, height, width] per sample";
        if (student[1] != teacher[1] || student[2] != teacher[2]) return "attention maps need the same height × width";
        return null;
    }

    /// <inheritdoc />
    protected override Tensor PairLoss(int index, Tensor student, Tensor teacher) =>
        nn.functional.mse_loss(AttentionMap(student), AttentionMap(teacher));

    /// <summary>The normalized attention map of F [batch, C, H, W]: mean over channels of |F|^p, flattened to
    /// [batch, H·W] and divided by its L2 norm per sample.</summary>
    public Tensor AttentionMap(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 4) throw new ArgumentException($"needs [batch, C, H, W], got {Shapes.Format(features.shape)}", nameof(features));
        return nn.functional.normalize(features.abs().pow(P).mean([1]).flatten(1), p: 2, dim: 1);
    }
}
