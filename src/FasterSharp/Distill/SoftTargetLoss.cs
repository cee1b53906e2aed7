using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Hinton's soft-target loss: with temperature T, student logits s and teacher logits t,
/// L = T² · KL(softmax(t/T) ‖ softmax(s/T)), the KL summed over classes and averaged over the batch —
/// in PyTorch terms <c>kl_div(log_softmax(s/T, 1), softmax(t/T, 1), reduction='batchmean') · T²</c>. The T²
/// keeps the gradient's scale independent of T. Zero when s = t (or s − t is constant per sample).
/// Reference: G. Hinton, O. Vinyals, J. Dean, "Distilling the Knowledge in a Neural Network", NIPS Deep
/// Learning Workshop 2014, arXiv:1503.02531. fasterai: <c>SoftTarget</c> (default T = 5).</summary>
public sealed class SoftTargetLoss : OutputDistillationLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="temperature">T, positive and finite; default 5 (fasterai's default).</param>
    /// <exception cref="ArgumentOutOfRangeException">T not positive and finite.</exception>
    public SoftTargetLoss(double temperature = 5) => Temperature = Arguments.Positive(temperature, nameof(temperature));

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <inheritdoc />
    public override string Name => $"SoftTarget(T={Arguments.Format(Temperature)})";

    /// <inheritdoc />
    protected override Tensor Compute(Tensor student, Tensor teacher, Tensor? target)
    {
        var t = Temperature;
        return KlDivergence.BatchMean(nn.functional.log_softmax(student / t, 1), nn.functional.softmax(teacher / t, 1)) * (t * t);
    }
}
