using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Activation-boundary distillation: the student learns on which side of zero each teacher neuron
/// is, with a margin m. For pre-activation values s (student) and t (teacher) of the same shape:
/// L = mean over all elements of (s + m)²·[s &gt; −m ∧ t ≤ 0] + (s − m)²·[s ≤ m ∧ t &gt; 0], summed over the
/// pairs. It is zero when every student value is beyond the margin on the teacher's side (s ≥ m where t &gt; 0,
/// s ≤ −m where t ≤ 0) — not when s = t in general. Needs identical shapes.
/// Reference: B. Heo, M. Lee, S. Yun, J. Y. Choi, "Knowledge Transfer via Distillation of Activation Boundaries
/// Formed by Hidden Neurons", AAAI 2019, arXiv:1811.03233. fasterai: <c>ActivationBoundaries</c> (default m = 2).</summary>
public sealed class ActivationBoundariesLoss : FeatureDistillationLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="margin">The margin m, 0 or more and finite; default 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">m negative or not finite.</exception>
    public ActivationBoundariesLoss(double margin = 2) => Margin = Arguments.NonNegative(margin, nameof(margin));

    /// <summary>The margin m.</summary>
    public double Margin { get; }

    /// <inheritdoc />
    public override string Name => $"ActivationBoundaries(m={Arguments.Format(Margin)})";

    /// <inheritdoc />
    public override bool NeedsEqualShapes => true;

    /// <inheritdoc />
    protected override string? StaticShapeProblem(long[] student, long[] teacher) =>
        student.SequenceEqual(teacher) ? null : "activation boundaries compare neuron by neuron and need identical shapes";

    /// <inheritdoc />
    protected override Tensor PairLoss(int index, Tensor student, Tensor teacher)
    {
        var m = Margin;
        var teacherOn = teacher > 0;
        var pushUp = ((student <= m) & teacherOn).to_type(student.dtype);
        var pushDown = ((student > -m) & teacherOn.logical_not()).to_type(student.dtype);
        return ((student + m).pow(2) * pushDown + (student - m).pow(2) * pushUp).mean();
    }
}
