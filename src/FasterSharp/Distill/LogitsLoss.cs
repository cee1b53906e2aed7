using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Logit matching: the mean squared error between student and teacher logits,
/// L = (1 / (B·C)) Σ_b Σ_c (s_bc − t_bc)² (PyTorch's <c>mse_loss</c>, mean reduction). Zero when s = t.
/// Reference: J. Ba, R. Caruana, "Do Deep Nets Really Need to be Deep?", NIPS 2014, arXiv:1312.6184.
/// fasterai: <c>Logits</c>.</summary>
public sealed class LogitsLoss : OutputDistillationLoss
{
    /// <inheritdoc />
    public override string Name => "Logits";

    /// <inheritdoc />
    protected override Tensor Compute(Tensor student, Tensor teacher, Tensor? target) => nn.functional.mse_loss(student, teacher);
}
