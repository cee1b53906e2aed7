namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 06 (fully-connected layer factorization): the parameters of a factorized layer,
/// the break-even rank of the second hidden layer, and why factorizing the classifier removes few of the network's MACs.</summary>
internal sealed class Tutorial06 : ExerciseSet
{
    /// <summary>The VGG-style net's first hidden layer: Linear 1152 → 512 (a 512 × 1152 weight, 512 biases).</summary>
    internal const int FirstIn = 1152, FirstOut = 512;

    /// <summary>The rank that removing three quarters of its 512 singular values keeps.</summary>
    internal const int FirstRank = 128;

    /// <summary>The pair n → k (no bias) then k → m (the original bias): k·(m + n) + m.</summary>
    internal const long FactorizedParameters = (long)FirstRank * (FirstIn + FirstOut) + FirstOut;

    /// <summary>The second hidden layer: Linear 512 → 256.</summary>
    internal const int SecondIn = 512, SecondOut = 256;

    /// <summary>The largest k with k·(m + n) &lt; m·n: 131,072 / 768 = 170.6…, so 170.</summary>
    internal const int SecondLargestSavingRank = (SecondIn * SecondOut - 1) / (SecondIn + SecondOut);

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("06.1",
            $"The first hidden layer, a Linear {FirstIn} → {FirstOut} with biases, is factorized at k = {FirstRank}. How many parameters " +
            "(weights and biases) do the two layers that replace it hold?",
            FactorizedParametersCheck),
        new("06.2",
            $"For the second hidden layer, a Linear {SecondIn} → {SecondOut}, what is the largest rank k at which the factorization " +
            "still holds fewer weights than the layer?",
            SecondRankCheck),
        new("06.3",
            "Factorizing the classifier's hidden layers (three quarters of the singular values removed) more than halves the " +
            "network's parameters but removes only a few percent of its multiply-adds (MACs). Why so few: \"convolutions\" (they do " +
            "nearly all the multiply-adds), \"batch\" (MACs are counted per image, parameters per network) or \"bias\" (the " +
            "factorized layers keep their biases)?",
            answer => Answers.Choice(answer, "convolutions",
                "a Linear layer does one multiply-add per weight and per image, while a convolution reuses each weight at every position " +
                "of its output map: the convolutions hold few of the parameters but nearly all the MACs, and factorizing leaves them " +
                "untouched. Latency follows the MACs far more than the parameters.",
                new Dictionary<string, string>
                {
                    ["batch"] = "counting per batch would multiply every layer's MACs by the same factor and change no share; " +
                                "look instead at which layers the MACs come from.",
                    ["bias"] = "the biases are a few hundred numbers against hundreds of thousands of weights; they cannot explain it.",
                })),
    ];

    private static AnswerCheck FactorizedParametersCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (value == FactorizedParameters - FirstOut)
                return AnswerCheck.NotYet("those are the weights; the second factor keeps the original layer's bias.");
            if (value == FactorizedParameters + FirstRank)
                return AnswerCheck.NotYet("the first factor (n → k) has no bias: only the second one carries the original bias.");
        }

        return Answers.Number(answer, FactorizedParameters, 0.5,
            "a Linear n → k without bias holds k·n weights, a Linear k → m with bias k·m + m; the original layer held m·n + m.",
            "Count the n → k factor (no bias) and the k → m factor (with the original bias) separately.");
    }

    private static AnswerCheck SecondRankCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value && double.IsFinite(value) && value != Math.Floor(value))
            return AnswerCheck.NotYet("a rank is a whole number of singular values: the largest whole k for which k·(m + n) is still below m·n.");
        return Answers.Number(answer, SecondLargestSavingRank, 0.01,
            "the factors hold k·(m + n) weights against m·n, so they save weights only while k < mn/(m + n), the table's break-even column.",
            "Compare k·(m + n) with m·n; at the break-even mn/(m + n) they are equal and nothing is saved.");
    }
}
