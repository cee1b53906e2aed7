using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>The mutual-learning loss: the soft-target loss at temperature 1,
/// L = KL(softmax(t) ‖ softmax(s)), summed over classes and averaged over the batch
/// (<c>kl_div(log_softmax(s, 1), softmax(t, 1), reduction='batchmean')</c>). Zero when s = t.
/// Reference: Y. Zhang, T. Xiang, T. M. Hospedales, H. Lu, "Deep Mutual Learning", CVPR 2018,
/// arXiv:1706.00384. fasterai: <c>Mutual</c>.</summary>
public sealed class MutualLoss : OutputDistillationLoss
{
    /// <inheritdoc />
    public override string Name => "Mutual";

    /// <inheritdoc />
    protected override Tensor Compute(Tensor student, Tensor teacher, Tensor? target) =>
        KlDivergence.BatchMean(nn.functional.log_softmax(student, 1), nn.functional.softmax(teacher, 1));
}
