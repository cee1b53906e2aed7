using System.Net;
using FasterSharp.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace FasterSharp.Teaching;

/// <summary>What <see cref="Exercise.Check"/> says of an answer: right or not yet, and why, without giving the answer
/// away. Displays in a notebook as a coloured line, and as text elsewhere.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<ExerciseVerdict>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class ExerciseVerdict : IRichDisplay
{
    /// <summary>The text that starts a right verdict (the tests look for it in the solutions' outputs).</summary>
    public const string RightMark = "Right";

    /// <summary>The text that starts a verdict that is not right yet.</summary>
    public const string NotYetMark = "Not yet";

    internal ExerciseVerdict(string id, bool isRight, string explanation)
    {
        Id = id;
        IsRight = isRight;
        Explanation = explanation;
    }

    /// <summary>The exercise, e.g. <c>"01.2"</c> (tutorial 01, exercise 2).</summary>
    public string Id { get; }

    /// <summary>Whether the answer is right.</summary>
    public bool IsRight { get; }

    /// <summary>Why it is right, or a hint towards the right answer (never the answer itself).</summary>
    public string Explanation { get; }

    /// <summary>One line: <c>"Exercise 01.2: Right. …"</c> or <c>"Exercise 01.2: Not yet. …"</c>.</summary>
    public override string ToString() => $"Exercise {Id}: {(IsRight ? RightMark : NotYetMark)}. {Explanation}";

    /// <inheritdoc />
    public string ToHtml()
    {
        var colour = IsRight ? "#1b7f3b" : "#b45309";
        var mark = IsRight ? "&#10004; " + RightMark : "&#10008; " + NotYetMark;
        return $"<div class=\"fastersharp-exercise\" style=\"border-left:4px solid {colour};padding:4px 8px\">" +
               $"<b>Exercise {WebUtility.HtmlEncode(Id)}: <span style=\"color:{colour}\">{mark}.</span></b> " +
               $"{WebUtility.HtmlEncode(Explanation)}</div>";
    }
}
