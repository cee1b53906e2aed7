namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 05 (batch-norm folding): a folded bias by hand, the parameters folding removes,
/// and why a batch norm cannot be folded into a following convolution that pads with zeros.</summary>
internal sealed class Tutorial05 : ExerciseSet
{
    /// <summary>The batch norm of exercise 05.1: γ, β, running mean μ, running variance σ² (ε taken as 0), and the
    /// bias b of the convolution before it.</summary>
    internal const double Gamma = 3, Beta = -0.2, Mean = 0.5, Variance = 4, ConvBias = 0.1;

    /// <summary>b' = (b − μ)·γ/√σ² + β = (0.1 − 0.5)·1.5 − 0.2.</summary>
    internal static double FoldedBias => (ConvBias - Mean) * Gamma / Math.Sqrt(Variance) + Beta;

    /// <summary>The tutorial's VGG-style net: five convolutions with these filter counts, each followed by a BatchNorm2d.</summary>
    internal static readonly int[] Channels = [32, 32, 64, 64, 128];

    /// <summary>Folding removes γ and β of every channel: 2 × 320.</summary>
    internal static long RemovedParameters => 2L * Channels.Sum();

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("05.1",
            $"A convolution's output channel has bias b = {ConvBias}; the batch norm after it has γ = {Gamma}, β = {Beta}, running mean " +
            $"μ = {Mean} and running variance σ² = {Variance} (take ε = 0). What is the folded convolution's bias b' for that channel?",
            FoldedBiasCheck),
        new("05.2",
            $"The VGG-style net has five convolutions with {string.Join(", ", Channels)} filters, each followed by a BatchNorm2d. " +
            "How many parameters does folding remove?",
            RemovedParametersCheck),
        new("05.3",
            "In conv → ReLU → BN → conv, the second convolution pads its input with zeros (padding 1). Can the batch norm be folded " +
            "exactly into that convolution: \"yes\" or \"no\"?",
            answer => Answers.Choice(answer, "no",
                "the folded convolution adds the batch norm's shift d through its bias at every output position, but at the border " +
                "the original convolution read padded zeros, not the shifted value d; the outputs differ there unless d is zero. " +
                "That is why the folder folds forward only into a convolution without zero padding.",
                new Dictionary<string, string>
                {
                    ["yes"] = "the weights scale exactly, but follow the shift d at the image border: what does the original convolution " +
                              "read in its padding, and what does the folded one effectively add there?",
                })),
    ];

    private static AnswerCheck FoldedBiasCheck(object answer)
    {
        var scale = Gamma / Math.Sqrt(Variance);
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Near(value, (ConvBias - Mean) * scale))
                return AnswerCheck.NotYet("the scaled part is right; the batch norm then adds its shift β.");
            if (Near(value, ConvBias * scale + Beta))
                return AnswerCheck.NotYet("the batch norm subtracts its running mean before scaling: the bias goes through the same map as the activations.");
            if (Near(value, (ConvBias - Mean) * Gamma / Variance + Beta))
                return AnswerCheck.NotYet("the batch norm divides by the standard deviation √(σ² + ε), not by the variance.");
        }

        return Answers.Number(answer, FoldedBias, 1e-3,
            "the batch norm maps the convolution's output y to γ·(y − μ)/√(σ² + ε) + β, and y's bias goes through that map like the rest.",
            "Write the batch norm as a·y + d with a = γ/√(σ² + ε), and put the convolution's bias b in for y.");
    }

    private static AnswerCheck RemovedParametersCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value && Near(value, 2 * RemovedParameters))
            return AnswerCheck.NotYet("the running mean and variance are buffers, not parameters: model.parameters() does not count them.");
        return Answers.Number(answer, RemovedParameters, 0.5,
            "a BatchNorm2d has two learnt parameters per channel, its scale γ and shift β; the convolutions keep their own weights and " +
            "biases (changed, not removed). The tutorial's parameter counts before and after show the same difference.",
            "Count what model.parameters() holds in one BatchNorm2d with C channels, then add the five layers.");
    }

    private static bool Near(double value, double target) => Math.Abs(value - target) < 1e-6;
}
