using System.Globalization;

namespace FasterSharp.Teaching;

/// <summary>Building blocks for exercise checks: numbers within a tolerance (with a too-high/too-low hint) and
/// choices among named options (with a reason per wrong option).</summary>
internal static class Answers
{
    /// <summary>Checks a number: right within <paramref name="tolerance"/> (absolute) of <paramref name="expected"/>;
    /// otherwise says whether it is too high or too low and adds <paramref name="hint"/>.</summary>
    public static AnswerCheck Number(object answer, double expected, double tolerance, string why, string hint)
    {
        if (Exercise.AsNumber(answer) is not { } value || !double.IsFinite(value))
            return AnswerCheck.NotYet($"the answer is a number; got {Describe(answer)}. {hint}");
        if (Math.Abs(value - expected) <= tolerance) return AnswerCheck.Right(why);
        var direction = value > expected ? "too high" : "too low";
        return AnswerCheck.NotYet($"{value.ToString("G6", CultureInfo.InvariantCulture)} is {direction}. {hint}");
    }

    /// <summary>Checks a choice (case- and space-insensitive) among <paramref name="wrong"/>'s keys and
    /// <paramref name="right"/>; each wrong option has its own reason.</summary>
    public static AnswerCheck Choice(object answer, string right, string why, IReadOnlyDictionary<string, string> wrong)
    {
        var options = wrong.Keys.Append(right).ToList();
        if (answer is not string text)
            return AnswerCheck.NotYet($"the answer is one of {Quote(options)}; got {Describe(answer)}.");
        var chosen = Normalize(text);
        if (chosen == Normalize(right)) return AnswerCheck.Right(why);
        foreach (var (option, reason) in wrong)
            if (chosen == Normalize(option)) return AnswerCheck.NotYet(reason);
        return AnswerCheck.NotYet($"\"{text}\" is not one of the options {Quote(options)}.");
    }

    /// <summary>The answer's type and value, for a message.</summary>
    public static string Describe(object answer) => answer switch
    {
        string s => $"the text \"{s}\"",
        IFormattable f => $"{answer.GetType().Name} {f.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"a {answer.GetType().Name}",
    };

    private static string Normalize(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static string Quote(IEnumerable<string> options) => string.Join(", ", options.Order(StringComparer.Ordinal).Select(o => $"\"{o}\""));
}
