using FasterSharp.Sparse;

namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 09 (pruning during training): a convolution's MACs once both of its channel
/// groups are halved, the channels a <c>PruneCallback</c> on the AGP schedule leaves halfway through training, and why
/// zeroed channels only speed a network up once they are removed.</summary>
internal sealed class Tutorial09 : ExerciseSet
{
    /// <summary>features.10 of the VGG-style net (3×3, 14×14 output) with 32 of 64 input and 32 of 64 output channels left.</summary>
    internal const long HalvedConvMacs = 32L * 32 * 3 * 3 * 14 * 14;

    /// <summary>The channels in features.14's group (128).</summary>
    internal const int GroupChannels = 128;

    /// <summary>The channels left in a group of 128 when a PruneCallback(50, Schedule.Agp) has applied the schedule at
    /// half of training: position 0.375 in the window 0.2–1, 50·(1 − 0.625³) = 37.79…%, ⌊128 · 0.3779…⌋ = 48 zeroed.</summary>
    internal static int AgpChannelsLeftAtHalf => GroupChannels - ZeroedAt(0.5);

    /// <summary>Channels of the 128 zeroed at <paramref name="progress"/> by a 50% target on <see cref="Schedule.Agp"/>,
    /// counted as the PruneCallback counts them (⌊n·s/100⌋).</summary>
    private static int ZeroedAt(double progress) =>
        (int)Math.Floor(GroupChannels * 50 * Schedule.Agp.Progress(progress) / 100 + 1e-9);

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("09.1",
            "features.10 of the VGG-style net is a 3×3 convolution from 64 channels to 64 with a 14×14 output (biases aside). After the " +
            "PruneCallback has removed half of features.7's channels and half of features.10's, how many MACs per image does features.10 need?",
            CheckMacs),
        new("09.2",
            "A PruneCallback(50, Schedule.Agp) prunes features.14, a group of 128 channels, locally. How many of its channels are left " +
            "(not zeroed) once the callback has applied the schedule at half of training?",
            CheckChannelsLeft),
        new("09.3",
            "Halfway through the PruneCallback's fit about half the channels are zeroed, yet the network runs no faster than the dense one. " +
            "Why: \"shapes\", \"optimizer\", \"batchnorm\" or \"schedule\"?",
            answer => Answers.Choice(answer, "shapes",
                "a zeroed channel keeps its place in every tensor: the convolution still stores and multiplies its zeros, the batch norm " +
                "still normalizes it and the next layer still reads it. Only removing the channels changes the shapes, and with them the " +
                "MACs and the time; that is what the callback does at the end of the fit.",
                new Dictionary<string, string>
                {
                    ["optimizer"] = "the optimizer only runs in training steps; a forward pass at inference never touches it, and it would " +
                                    "not change the work of the layers anyway.",
                    ["batchnorm"] = "a zeroed channel's γ and β are zero, so its output is zero whatever the statistics; normalizing it " +
                                    "costs what it costs any channel, but that is a symptom, not the reason.",
                    ["schedule"] = "even at the end of the schedule, with every target channel zeroed, the network would run at the " +
                                   "dense speed until the channels are removed.",
                })),
    ];

    private static AnswerCheck CheckMacs(object answer)
    {
        const string why = "a convolution's MACs are input channels × filters × kernel area × output positions; halving both the channels " +
                           "it reads and the filters it keeps quarters them. That is why a 50% channel cut takes the convolutions' MACs " +
                           "to about a quarter (only the first, which reads the single image channel, halves).";
        const string hint = "Multiply the input channels left, the filters left, the 3×3 kernel and the 14×14 output positions.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - 2 * HalvedConvMacs) < 0.5)
                return AnswerCheck.NotYet("that halves only one side; removing features.7's channels also removes features.10's input channels. " + hint);
            if (Math.Abs(value - 4 * HalvedConvMacs) < 0.5)
                return AnswerCheck.NotYet("that is the unpruned convolution. " + hint);
        }
        return Answers.Number(answer, HalvedConvMacs, 0.5, why, hint);
    }

    private static AnswerCheck CheckChannelsLeft(object answer)
    {
        const string why = "AGP's window is 0.2–1, so half of training is position 0.375 in it; the schedule asks for 1 − (1 − 0.375)³ of " +
                           "the 50% target, and the callback zeroes the whole number of channels below that share of 128. Most of the " +
                           "pruning happens early in the window, while the network still has time to adapt.";
        const string hint = "Find the position in AGP's window (0.2 to 1) at half of training, the fraction 1 − (1 − x)³ of the 50% target, " +
                            "the channels zeroed ⌊128 · s / 100⌋, and what is left.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - ZeroedAt(0.5)) < 0.5)
                return AnswerCheck.NotYet("that is the number of channels zeroed; the question asks for the channels left. " + hint);
            if (Math.Abs(value - (GroupChannels - ZeroedAt(0.6))) < 0.5)
                return AnswerCheck.NotYet("that takes the training progress 0.5 as the position in the window; AGP's window starts at 0.2. " + hint);
            if (Math.Abs(value - (AgpChannelsLeftAtHalf - 1)) < 0.5)
                return AnswerCheck.NotYet("that rounds the zeroed channels up; the callback zeroes whole channels up to, not beyond, the target. " + hint);
            if (Math.Abs(value - GroupChannels / 2) < 0.5)
                return AnswerCheck.NotYet("that is the end of the schedule; at half of training AGP has not reached its target yet. " + hint);
        }
        return Answers.Number(answer, AgpChannelsLeftAtHalf, 0.5, why, hint);
    }
}
