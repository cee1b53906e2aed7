namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 00 (the walkthrough): the break-even rank of a factorized layer, the first step
/// that makes the network cheaper to run, and the factor that scales the soft-target term of the distillation loss.</summary>
internal sealed class Tutorial00 : ExerciseSet
{
    /// <summary>The pruned student's first hidden layer: a Linear 288 → 256, so a 256 × 288 weight.</summary>
    internal const int HiddenIn = 288, HiddenOut = 256;

    /// <summary>The largest k with k·(m + n) &lt; m·n for that layer: 73,728 / 544 = 135.5…, so 135.</summary>
    internal const int LargestSavingRank = (HiddenIn * HiddenOut - 1) / (HiddenIn + HiddenOut);

    /// <summary>The walkthrough's distillation: weight w = 0.5 on SoftTargetLoss with T = 4, which is T²·KL, so the
    /// KL term of the total loss is multiplied by w·T² = 8.</summary>
    internal const double KlFactor = 0.5 * 4 * 4;

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("00.1",
            $"The pruned student's first hidden layer is a Linear {HiddenIn} → {HiddenOut} (a {HiddenOut} × {HiddenIn} weight, " +
            "biases aside). What is the largest rank k for which its SVD factorization holds fewer weights than the layer itself?",
            answer => BreakEvenRank(answer)),
        new("00.2",
            "Which step of the chain is the first to lower the student's MACs per image: \"distil\", \"sparsify\", \"prune\" or \"fold\"?",
            answer => Answers.Choice(answer, "prune",
                "pruning removes the zero filters for real, and with them their MACs and those of the next layer's matching inputs; " +
                "the step table's MACs column moves for the first time at that row.",
                new Dictionary<string, string>
                {
                    ["distil"] = "distillation changes how the student is trained, not its architecture: the same layers, the same MACs.",
                    ["sparsify"] = "the zeroed filters are still in the tensors, and a dense convolution multiplies by zeros as fast as by " +
                                   "anything else; look at the MACs column of the sparsified rows.",
                    ["fold"] = "folding removes the batch norms' small per-activation work, but it comes after an earlier step that " +
                               "already removed far more.",
                })),
        new("00.3",
            "The walkthrough distils with KnowledgeDistillationCallback(teacher, new SoftTargetLoss(temperature: 4), weight: 0.5). " +
            "By what factor is the KL divergence between the softened outputs multiplied in each batch's total loss?",
            answer => KlFactorCheck(answer)),
    ];

    private static AnswerCheck BreakEvenRank(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value && double.IsFinite(value) && value != Math.Floor(value))
            return AnswerCheck.NotYet("a rank is a whole number of singular values: the largest whole k for which k·(m + n) is still below m·n.");
        return Answers.Number(answer, LargestSavingRank, 0.01,
            "the two factors hold k·(m + n) weights against the layer's m·n, so they save weights only while k < mn/(m + n); " +
            "that bound is not a whole number here, so the largest saving rank is the whole number just below it.",
            "Compare k·(m + n), the weights of the n → k and k → m factors, with m·n; a k that makes them equal saves nothing.");
    }

    private static AnswerCheck KlFactorCheck(object answer)
    {
        const string hint = "The callback mixes (1 − w)·cross-entropy + w·distillation loss, and SoftTargetLoss itself is a multiple of the KL divergence.";
        switch (Exercise.AsNumber(answer))
        {
            case 16:
                return AnswerCheck.NotYet("that is the soft-target loss's own factor; the callback then weights the whole distillation loss.");
            case 0.5:
                return AnswerCheck.NotYet("that is the callback's weight alone; SoftTargetLoss multiplies the KL divergence by a factor of its own first.");
            case 2:
                return AnswerCheck.NotYet("the soft-target loss scales the KL divergence with the temperature squared, not the temperature.");
        }

        return Answers.Number(answer, KlFactor, 1e-9,
            "SoftTargetLoss is T²·KL (the T² keeps the gradients' scale independent of T, Hinton et al.) and the callback weights it by w.",
            hint);
    }
}
