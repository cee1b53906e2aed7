namespace FasterSharp.Decompose;

/// <summary>One Linear layer replaced by <see cref="LinearDecomposer"/>.</summary>
/// <param name="Layer">The dotted name of the layer (now a Sequential of two Linear layers, "0" and "1").</param>
/// <param name="InFeatures">n, the input features.</param>
/// <param name="OutFeatures">m, the output features.</param>
/// <param name="SingularValues">r = min(m, n).</param>
/// <param name="K">Singular values kept.</param>
/// <param name="ParametersBefore">m·n weights plus the bias.</param>
/// <param name="ParametersAfter">k·(m + n) weights plus the bias.</param>
/// <param name="EnergyKept">Σ_{i≤k} σᵢ² / Σ σᵢ²: 1 − (‖W − W_k‖_F / ‖W‖_F)².</param>
public sealed record DecomposedLayer(string Layer, long InFeatures, long OutFeatures, long SingularValues, long K,
    long ParametersBefore, long ParametersAfter, double EnergyKept)
{
    /// <summary>k·(m+n) &lt; m·n: the factors hold fewer weights than the original (k &lt; mn/(m+n)).</summary>
    public bool Saves => K * (InFeatures + OutFeatures) < InFeatures * OutFeatures;

    /// <summary>mn/(m+n): the k from which the decomposition stops saving weights.</summary>
    public double BreakEvenK => (double)InFeatures * OutFeatures / (InFeatures + OutFeatures);
}
