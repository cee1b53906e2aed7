namespace FasterSharp.Teaching;

/// <summary>The exercises of tutorial 02 (pruning schedules): a value of the AGP schedule, what the iterative
/// schedule's last step takes, and how long the iterative schedule leaves the network at its final sparsity.</summary>
internal sealed class Tutorial02 : ExerciseSet
{
    /// <summary>AGP at progress 0.6 for a 90% target: window 0.2–1, so position 0.5 and 90·(1 − 0.5³).</summary>
    internal const double AgpAtSixTenths = 90 * (1 - 0.125);

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("02.1",
            "What sparsity (percent) does Schedule.Agp ask for at 0.6 of training, for a target of 90%?",
            CheckAgp),
        new("02.2",
            "With Schedule.Iterative and a 90% target, what fraction of the weights still present before the last step does that step remove?",
            CheckLastStep),
        new("02.3",
            "In an 8-epoch fit, for how many epochs does Schedule.Iterative (90% target) keep the network at its final sparsity?",
            CheckEpochsAtTarget),
    ];

    /// <summary>Schedule.Iterative reaches the target when its window position passes 2/3: progress 0.2 + 0.8·2/3.</summary>
    internal const double IterativeEpochsAtTarget = 8 * (1 - (0.2 + 0.8 * 2.0 / 3));

    private static AnswerCheck CheckEpochsAtTarget(object answer)
    {
        const string why = "the window is 0.2–1 and the last of the three steps comes two thirds of the way through it, so only the last " +
                           "quarter-and-a-bit of the fit runs at the final sparsity: less than one-shot's half, more than AGP's nothing.";
        const string hint = "Find the training progress where the schedule's value first reaches 1 (its window is 0.2–1, three equal steps), then count the epochs left.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - 8 * 0.8) < 0.05)
                return AnswerCheck.NotYet("that counts from the first step, at the start of the window; the network reaches its final sparsity only at the last step. " + hint);
            if (Math.Abs(value - 8.0 / 3) < 0.05)
                return AnswerCheck.NotYet("that is the last third of the whole fit; the steps divide the window 0.2–1, not the whole fit. " + hint);
            if (Math.Abs(value - 4) < 0.05)
                return AnswerCheck.NotYet("that is one_shot's share (it prunes at half of training); the iterative schedule's last step comes later. " + hint);
        }
        return Answers.Number(answer, IterativeEpochsAtTarget, 0.05, why, hint);
    }

    private static AnswerCheck CheckAgp(object answer)
    {
        const string why = "the window 0.2–1 puts 0.6 of training at position 0.5 of the window, where AGP has reached 1 − (1 − 0.5)³ of the target: " +
                           "seven eighths of the pruning is done at half of the window.";
        const string hint = "AGP's fraction of the target is 1 − (1 − x)³ where x is the position inside its window 0.2–1, not the training progress itself.";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - 90 * (1 - Math.Pow(0.4, 3))) < 0.05)
                return AnswerCheck.NotYet("that uses the training progress 0.6 as the position; AGP's window starts at 0.2. " + hint);
            if (Math.Abs(value - AgpAtSixTenths / 100) < 0.0005)
                return AnswerCheck.NotYet("that looks like a fraction; the question asks for percent.");
        }
        return Answers.Number(answer, AgpAtSixTenths, 0.01, why, hint);
    }

    private static AnswerCheck CheckLastStep(object answer)
    {
        const string why = "the steps are equal in sparsity points, but the last one removes 30 points out of the 40 still present: three times the " +
                           "share of the first step. Equal steps in sparsity are not equal shocks to the network.";
        const string hint = "Before the last step the network is 60% sparse; after it, 90%. What share of the weights present before it is gone after it?";
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (Math.Abs(value - 0.3) < 0.005 || Math.Abs(value - 1.0 / 3) < 0.005)
                return AnswerCheck.NotYet("that is the step's share of all the weights (or of the target); the question asks for its share of the weights still present. " + hint);
            if (value > 1 && value <= 100)
                return AnswerCheck.NotYet("the answer is a fraction between 0 and 1, not a percentage.");
        }
        return Answers.Number(answer, 0.75, 0.005, why, hint);
    }
}
