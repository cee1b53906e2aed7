namespace FasterSharp.Teaching;

/// <summary>One exercise a tutorial ends with: its id, the question in a line, and the check of an answer.</summary>
/// <param name="Id">"NN.k": tutorial NN, exercise k.</param>
/// <param name="Question">The question, as the tutorial asks it (shown when the answer is missing).</param>
/// <param name="Check">Judges a non-null answer; throws nothing for an answer of the wrong type (it says so instead).</param>
internal sealed record ExerciseDefinition(string Id, string Question, Func<object, AnswerCheck> Check);

/// <summary>The result of checking one answer: right or not, and why (a hint, never the answer).</summary>
internal readonly record struct AnswerCheck(bool IsRight, string Explanation)
{
    /// <summary>A right answer, and why it is right.</summary>
    public static AnswerCheck Right(string why) => new(true, why);

    /// <summary>An answer that is not right yet, and a hint.</summary>
    public static AnswerCheck NotYet(string hint) => new(false, hint);
}
