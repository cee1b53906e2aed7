namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 03 (knowledge distillation): softened probabilities, which feature loss a
/// pair of layers allows, and when a gain over seeds counts as real.</summary>
internal sealed class Tutorial03 : ExerciseSet
{
    /// <summary>softmax([2, 1, 0] / 4)[0]: the top class's probability at temperature 4.</summary>
    internal static readonly double SoftenedTop = Math.Exp(0.5) / (Math.Exp(0.5) + Math.Exp(0.25) + 1);

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("03.1",
            "A teacher gives one image the logits [2, 1, 0]. What probability does SoftTargetLoss(temperature: 4) " +
            "see the teacher give its top class (a number between 0 and 1)?",
            answer => Answers.Number(answer, SoftenedTop, 0.005,
                "dividing the logits by T = 4 shrinks their gaps, so the softmax spreads the mass over the other classes: " +
                "the top class keeps well under its probability at T = 1, and the student sees how the teacher ranks the wrong classes.",
                "Divide every logit by the temperature first, then take the softmax: exp(zᵢ/T) / Σⱼ exp(zⱼ/T).")),
        new("03.2",
            "The student's layer gives 16 channels at 14×14, the teacher's 64 channels at 14×14. Which feature loss " +
            "cannot compare this pair as it stands: \"attention\", \"fitnet\", \"similarity\" or \"activation boundaries\"?",
            answer => Answers.Choice(answer, "activation boundaries",
                "activation boundaries compare neuron by neuron (is each teacher neuron above or below zero?), so the two " +
                "activations must have identical shapes; the library refuses the pair before the first batch.",
                new Dictionary<string, string>
                {
                    ["attention"] = "attention maps average over the channels, so only height × width must agree — and they do here.",
                    ["fitnet"] = "FitNetLoss learns a 1×1 convolution from the student's channels to the teacher's when they differ.",
                    ["similarity"] = "the similarity loss compares the batch × batch similarity matrices, which have the same shape " +
                                     "whatever the layers' shapes.",
                })),
        new("03.3",
            "Over three seeds, distillation changed the student's accuracy by +0.4, −0.1 and +0.6 points. By this " +
            "tutorial's rule (a gain is real when its mean exceeds its standard deviation over the seeds), does the gain " +
            "\"hold\" or \"not hold\"?",
            answer => Answers.Choice(answer, "not hold",
                "the mean gain is 0.3 points but the three gains scatter by more than that (sample standard deviation, " +
                "n − 1 in the denominator): one seed even lost accuracy. More seeds, or a larger test set, could settle it.",
                new Dictionary<string, string>
                {
                    ["hold"] = "the mean is positive, but compare it with the standard deviation of the three gains " +
                               "(n − 1 in the denominator), not with zero.",
                })),
    ];
}
