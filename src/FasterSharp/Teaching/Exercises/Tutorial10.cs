namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 10 (sensitivity, criteria, N:M): the zeros of a 2:4-sparse weight, the group a
/// greedy MACs budget prunes first, and a Wanda score by hand.</summary>
internal sealed class Tutorial10 : ExerciseSet
{
    /// <summary>An 8 × 16 Linear weight (16 inputs): 8 · 16/4 = 32 groups of 4 along the inputs, 2 zeros each.</summary>
    internal const long TwoFourZeros = 8 * (16 / 4) * 2;

    /// <summary>|0.4| · ‖(3, 4)‖₂ = 0.4 · 5.</summary>
    internal const double WandaScore = 0.4 * 5;

    /// <summary>The table of exercise 10.2: group, drop in points at 50%, MACs saved (millions) at 50%.</summary>
    internal const string GreedyTable = "a: drop 3.0 points, saves 40 M MACs; b: drop 0.5 points, saves 10 M MACs; c: drop 1.0 point, saves 30 M MACs";

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("10.1",
            "A Linear layer has an 8 × 16 weight (8 outputs, 16 inputs) and no weight is zero. After 2:4 semi-structured " +
            "sparsification, how many of its weights are zero?",
            answer => Answers.Number(answer, TwoFourZeros, 0.5,
                "2:4 keeps 2 weights in every group of 4 consecutive inputs, so exactly half of the weights of a layer whose " +
                "input size is a multiple of 4 become zero — a fixed pattern that sparse tensor cores can skip, and that a CPU " +
                "multiplies like any dense matrix.",
                "Split each row of 16 inputs into groups of 4; in each group, 2 weights stay and the others become zero.")),
        new("10.2",
            "A greedy MACs budget compares three groups at 50% sparsity, each pruned alone (" + GreedyTable + "). " +
            "Which group does it prune first: \"a\", \"b\" or \"c\"?",
            answer => Answers.Choice(answer, "c",
                "the greedy ranks moves by drop per MAC saved, and this group costs the least accuracy for each MAC it saves; " +
                "the smallest drop alone or the most MACs alone would pick another group.",
                new Dictionary<string, string>
                {
                    ["a"] = "this group saves the most MACs, but it also costs the most accuracy for each MAC it saves; divide the drop by the MACs saved.",
                    ["b"] = "this group has the smallest drop, but it saves so few MACs that its drop per MAC saved is not the lowest; divide the drop by the MACs saved.",
                })),
        new("10.3",
            "A Linear layer with two inputs has the weight row (0.4, −2). On two calibration samples the first input took " +
            "the values 3 and 4, the second 0.5 and 0. What is the Wanda score of the weight 0.4?",
            answer => Answers.Number(answer, WandaScore, 1e-6,
                "Wanda multiplies |w| by the L2 norm of the input the weight reads, over the calibration samples. The weight −2 " +
                "scores 2 · 0.5 = 1, less than the weight 0.4: magnitude pruning would remove 0.4, Wanda removes −2, because " +
                "it multiplies an input that is nearly always small.",
                "Take the weight's magnitude times the Euclidean (L2) norm of its input's values: the square root of the sum of their squares.")),
    ];
}
