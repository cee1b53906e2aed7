using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Decoupled knowledge distillation (DKD), which splits the soft-target loss into a target-class
/// part and a non-target part and weights them separately. With p = softmax(s/T), q = softmax(t/T) and y the
/// true class of a sample:
/// <list type="bullet">
/// <item>TCKD = KL(b_q ‖ b_p) over the binary distribution b = [p_y, 1 − p_y] (the student's log clamped at
/// 1e-7, as fasterai and the paper's code do);</item>
/// <item>NCKD = KL(q̂ ‖ p̂) over the non-target classes only, p̂ = softmax of the C − 1 non-target logits / T
/// (what fasterai computes by masking the target logit with −1000; here the target column is removed, which is
/// exact);</item>
/// <item>L = (α·TCKD + β·NCKD)·T², each KL summed over its classes and averaged over the batch.</item>
/// </list>
/// Zero when s = t. Needs the targets.
/// Reference: B. Zhao, Q. Cui, R. Song, Y. Qiu, J. Liang, "Decoupled Knowledge Distillation", CVPR 2022,
/// arXiv:2203.08679. fasterai: <c>DecoupledKD</c> (defaults T = 4, α = 1, β = 8).</summary>
public sealed class DecoupledKDLoss : OutputDistillationLoss
{
    private const double ProbabilityFloor = 1e-7;

    /// <summary>Creates the loss.</summary>
    /// <param name="temperature">T, positive and finite; default 4.</param>
    /// <param name="alpha">Weight α of the target-class part, 0 or more; default 1.</param>
    /// <param name="beta">Weight β of the non-target part, 0 or more; default 8.</param>
    /// <exception cref="ArgumentOutOfRangeException">T not positive, α or β negative, or any not finite.</exception>
    public DecoupledKDLoss(double temperature = 4, double alpha = 1, double beta = 8)
    {
        Temperature = Arguments.Positive(temperature, nameof(temperature));
        Alpha = Arguments.NonNegative(alpha, nameof(alpha));
        Beta = Arguments.NonNegative(beta, nameof(beta));
    }

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>The weight α of the target-class part (TCKD).</summary>
    public double Alpha { get; }

    /// <summary>The weight β of the non-target part (NCKD).</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public override string Name => $"DecoupledKD(T={Arguments.Format(Temperature)}, α={Arguments.Format(Alpha)}, β={Arguments.Format(Beta)})";

    /// <inheritdoc />
    public override bool NeedsTargets => true;

    /// <inheritdoc />
    public override string? ShapeProblem(long[] student, long[] teacher) =>
        base.ShapeProblem(student, teacher) ?? (student[1] < 2 ? $"needs at least 2 classes, the outputs have {student[1]}" : null);

    /// <inheritdoc />
    protected override Tensor Compute(Tensor student, Tensor teacher, Tensor? target)
    {
        var t = Temperature;
        var (batch, classes) = (student.shape[0], student.shape[1]);
        var s = student / t;
        var q = teacher / t;
        var index = target!.unsqueeze(1);
        var pTarget = nn.functional.softmax(s, 1).gather(1, index);
        var qTarget = nn.functional.softmax(q, 1).gather(1, index);
        var studentBinary = cat([pTarget, 1 - pTarget], 1);
        var teacherBinary = cat([qTarget, 1 - qTarget], 1);
        var tckd = KlDivergence.BatchMean(studentBinary.clamp_min(ProbabilityFloor).log(), teacherBinary);

        var nonTarget = ones_like(student, dtype: ScalarType.Bool).scatter(1, index, zeros_like(index, dtype: ScalarType.Bool));
        var sRest = s.masked_select(nonTarget).view(batch, classes - 1);
        var qRest = q.masked_select(nonTarget).view(batch, classes - 1);
        var nckd = KlDivergence.BatchMean(nn.functional.log_softmax(sRest, 1), nn.functional.softmax(qRest, 1));
        return (tckd * Alpha + nckd * Beta) * (t * t);
    }
}
