namespace FasterSharp.Teaching;

/// <summary>The exercises of tutorial 01 (the lottery ticket): the control that tests the hypothesis, the training
/// budget an iterative ticket got in the unfair set-up, and the weights a ticket keeps.</summary>
internal sealed class Tutorial01 : ExerciseSet
{
    /// <summary>Weights of <c>SmallCnns.BenchmarkCnn()</c>'s Conv2d and Linear layers (biases excluded):
    /// 1·32·9 + 32·64·9 + 64·128·9 + 1152·256 + 256·10.</summary>
    internal const long BenchmarkCnnWeights = 288 + 18_432 + 73_728 + 294_912 + 2_560;

    /// <summary>The weights of the convolutions alone (what fasterai prunes by default).</summary>
    internal const long BenchmarkCnnConvWeights = 288 + 18_432 + 73_728;

    /// <summary>The weights an 80% global ticket keeps: N − ⌊0.8·N⌋.</summary>
    internal const long TicketKeeps = BenchmarkCnnWeights - BenchmarkCnnWeights * 80 / 100;

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("01.1",
            "Which run is the control that tests whether the initialization matters: \"dense\", \"random reinit\", \"random mask\" or \"longer training\"?",
            answer => Answers.Choice(answer, "random reinit",
                "the random re-initialization keeps the ticket's mask and changes only the starting weights, so a gap between the ticket " +
                "and it can only come from the initialization: the hypothesis itself.",
                new Dictionary<string, string>
                {
                    ["dense"] = "the dense network is the accuracy reference: it says whether the ticket keeps the accuracy, not whether " +
                                "its starting weights matter. Which run changes only the starting weights?",
                    ["random mask"] = "a random mask on the initial weights changes the mask and keeps the weights: it tests whether the " +
                                      "mask matters. Which run keeps the mask and changes the weights?",
                    ["longer training"] = "more epochs change the budget, which a fair comparison keeps equal, and say nothing about the " +
                                          "starting weights. Which run changes only those?",
                })),
        new("01.2",
            "In the unfair set-up (8 epochs, Schedule.IterativeSteps(3, startPct: 0.25), lth: true), for how many epochs did the " +
            "iterative ticket train after its last reset?",
            CheckBudgetAfterLastReset),
        new("01.3",
            "How many weights does an 80% global ticket of SmallCnns.BenchmarkCnn() keep, pruning its Conv2d and Linear weights together?",
            CheckTicketKeeps),
    ];

    private static AnswerCheck CheckBudgetAfterLastReset(object answer)
    {
        const string why = "the last of the three steps comes when the progress passes 0.75, so a quarter of the 8 epochs is left: " +
                           "the dense network trained four times as long. That is why the tickets here train a full budget after their last reset.";
        const string hint = "The three steps come at progress 0.25, 0.5 and 0.75 of the 8 epochs; count the epochs from the last one to the end of the fit.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - 8) < 0.05)
                return AnswerCheck.NotYet("that is the whole fit, the dense network's budget; the ticket is reset three times during it. " + hint);
            if (Math.Abs(value - 6) < 0.05)
                return AnswerCheck.NotYet("that is when the last reset happens (in epochs from the start), not how long the ticket trains after it. " + hint);
        }
        return Answers.Number(answer, 2, 0.1, why, hint);
    }

    private static AnswerCheck CheckTicketKeeps(object answer)
    {
        const string why = "the sparsifier prunes ⌊N·80/100⌋ of the N weights over all the Conv2d and Linear layers together, and the " +
                           "large Linear 1152→256 holds most of N.";
        const string hint = "Count the weights of the five layers (kernel 3×3 for the convolutions, no biases), then keep what the 80% leaves.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (value == BenchmarkCnnWeights * 80 / 100)
                return AnswerCheck.NotYet("that is the number of weights pruned; the question asks how many are kept.");
            if (value == BenchmarkCnnWeights)
                return AnswerCheck.NotYet("that is every weight of the pruned layers; 80% of them are pruned.");
            if (Math.Abs(value - (BenchmarkCnnConvWeights - BenchmarkCnnConvWeights * 80 / 100)) < 1)
                return AnswerCheck.NotYet("that counts the convolutions only; this tutorial prunes the Linear layers too (LayerTypes.Conv2dAndLinear).");
        }
        return Answers.Number(answer, TicketKeeps, 0, why, hint);
    }
}
