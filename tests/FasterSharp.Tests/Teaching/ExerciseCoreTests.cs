using FasterSharp.Teaching;
using FasterSharp.Tests.Display;

namespace FasterSharp.Tests.Teaching;

/// <summary>The core every tutorial's exercises are checked by: <see cref="Exercise.Check"/> and its verdict, the
/// catalogue of exercise sets, and the building blocks <see cref="Answers"/>. The per-tutorial checks have their own
/// tests (TutorialNNExerciseTests); here every exercise of the catalogue is also fed nonsense.</summary>
public class ExerciseCoreTests
{
    private static readonly ExerciseDefinition Sample = new("99.1", "How many filters does the layer keep?",
        answer => Answers.Number(answer, 12, 0, "12 of 16 filters survive a 25% cut.", "Count the filters the mask keeps."));

    /// <summary>Every exercise in the catalogue (empty until the tutorials' sets land; see The_catalogue_has_the_tutorials_exercises).</summary>
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in Exercise.Ids)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void The_catalogue_has_the_tutorials_exercises_two_or_three_each()
    {
        // The tutorials with exercises: 00 to 06 and 09, 2–3 exercises each.
        Assert.NotEmpty(Exercise.Ids);
        var perTutorial = Exercise.Ids.GroupBy(id => id[..2]).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(["00", "01", "02", "03", "04", "05", "06", "07", "09", "10"], perTutorial.Keys.Order(StringComparer.Ordinal));
        Assert.All(perTutorial, tutorial => Assert.InRange(tutorial.Value, 2, 3));
        Assert.Equal(Exercise.Ids.Order(StringComparer.Ordinal), Exercise.Ids);
    }

    [Fact]
    public void An_unknown_id_is_an_ArgumentException_that_lists_the_ids()
    {
        var error = Assert.Throws<ArgumentException>("id", () => Exercise.Check("42.7", 1));

        Assert.Contains("\"42.7\"", error.Message);
        Assert.All(Exercise.Ids, id => Assert.Contains(id, error.Message));
        Assert.Throws<ArgumentException>("id", () => Exercise.Question("42.7"));
    }

    [Fact]
    public void Find_lists_the_ids_of_its_catalogue_in_order_or_says_there_are_none()
    {
        var catalog = new Dictionary<string, ExerciseDefinition>
        {
            ["01.2"] = Sample with { Id = "01.2" },
            ["01.1"] = Sample with { Id = "01.1" },
        };

        var error = Assert.Throws<ArgumentException>("id", () => Exercise.Find(catalog, "1.1"));
        var none = Assert.Throws<ArgumentException>("id", () => Exercise.Find(new Dictionary<string, ExerciseDefinition>(), "01.1"));

        Assert.Contains("the exercises are: 01.1, 01.2", error.Message);
        Assert.Contains("none yet", none.Message);
        Assert.Same(catalog["01.2"], Exercise.Find(catalog, "01.2"));
    }

    [Fact]
    public void A_null_id_is_an_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("id", () => Exercise.Check(null!, 1));
        Assert.Throws<ArgumentNullException>("id", () => Exercise.Question(null!));
    }

    [Fact]
    public void A_missing_answer_is_not_yet_and_repeats_the_question()
    {
        var verdict = Exercise.Judge(Sample, null);

        Assert.False(verdict.IsRight);
        Assert.Equal("99.1", verdict.Id);
        Assert.Contains(Sample.Question, verdict.Explanation);
        Assert.StartsWith("Exercise 99.1: Not yet. ", verdict.ToString());
    }

    [Fact]
    public void The_exercise_check_decides_a_given_answer()
    {
        var right = Exercise.Judge(Sample, 12);
        var wrong = Exercise.Judge(Sample, 13L);

        Assert.True(right.IsRight);
        Assert.Equal("Exercise 99.1: Right. 12 of 16 filters survive a 25% cut.", right.ToString());
        Assert.False(wrong.IsRight);
        Assert.Equal("Exercise 99.1: Not yet. 13 is too high. Count the filters the mask keeps.", wrong.ToString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_exercise_says_not_yet_to_a_missing_answer_and_repeats_its_question(string id)
    {
        var verdict = Exercise.Check(id, null);

        Assert.False(verdict.IsRight);
        Assert.Equal(id, verdict.Id);
        Assert.Contains(Exercise.Question(id), verdict.Explanation);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_exercise_says_not_yet_to_nonsense_without_throwing(string id)
    {
        using var module = TorchSharp.torch.nn.Identity();
        using var tensor = TorchSharp.torch.zeros(2);
        object[] nonsense = [new object(), "?", "", true, '?', double.NaN, -1e300, Array.Empty<int>(), DateTime.UnixEpoch, module, tensor];
        foreach (var answer in nonsense)
        {
            var verdict = Exercise.Check(id, answer);

            Assert.False(verdict.IsRight, $"exercise {id} takes {answer} ({answer.GetType().Name}) for right");
            Assert.False(string.IsNullOrWhiteSpace(verdict.Explanation), $"exercise {id} says nothing to {answer}");
        }
    }

    [Fact]
    public void The_catalogue_refuses_a_duplicate_id_a_malformed_id_and_an_empty_question()
    {
        Assert.Same(Sample, Exercise.Build([new TestSet(Sample)])["99.1"]);

        var twice = Assert.Throws<InvalidOperationException>(() => Exercise.Build([new TestSet(Sample), new TestSet(Sample)]));
        var malformed = Assert.Throws<InvalidOperationException>(() => Exercise.Build([new TestSet(Sample with { Id = "1.1" })]));
        var zero = Assert.Throws<InvalidOperationException>(() => Exercise.Build([new TestSet(Sample with { Id = "01.0" })]));
        var empty = Assert.Throws<InvalidOperationException>(() => Exercise.Build([new TestSet(Sample with { Question = " " })]));

        Assert.Contains("99.1", twice.Message);
        Assert.Contains("defined twice", twice.Message);
        Assert.Contains("TestSet", twice.Message);
        Assert.Contains("\"1.1\"", malformed.Message);
        Assert.Contains("\"01.0\"", zero.Message);
        Assert.Contains("no question", empty.Message);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(12.4)]
    [InlineData(11.6f)]
    [InlineData(12L)]
    [InlineData((byte)12)]
    public void Number_is_right_within_the_tolerance_for_any_numeric_type(object answer)
    {
        var check = Answers.Number(answer, 12, 0.5, "why it is 12", "a hint");

        Assert.True(check.IsRight);
        Assert.Equal("why it is 12", check.Explanation);
        Assert.True(Answers.Number(12.0m, 12, 0, "why", "hint").IsRight);
    }

    [Theory]
    [InlineData(13.0, "13 is too high. a hint")]
    [InlineData(12.51, "12.51 is too high. a hint")]
    [InlineData(-3, "-3 is too low. a hint")]
    [InlineData(11.49, "11.49 is too low. a hint")]
    public void Number_says_too_high_or_too_low_and_hints_without_the_answer(object answer, string expected)
    {
        var check = Answers.Number(answer, 12, 0.5, "why", "a hint");

        Assert.False(check.IsRight);
        Assert.Equal(expected, check.Explanation);
    }

    [Theory]
    [InlineData("12", "the text \"12\"")]
    [InlineData(true, "a Boolean")]
    [InlineData(double.NaN, "the answer is a number; got")]
    [InlineData(double.PositiveInfinity, "the answer is a number; got")]
    public void Number_refuses_what_is_not_a_finite_number_and_says_what_it_got(object answer, string expected)
    {
        var check = Answers.Number(answer, 12, 0.5, "why", "a hint");

        Assert.False(check.IsRight);
        Assert.Contains(expected, check.Explanation);
        Assert.StartsWith("the answer is a number; got ", check.Explanation);
        Assert.EndsWith("a hint", check.Explanation);
    }

    private static readonly Dictionary<string, string> WrongChoices = new()
    {
        ["one-shot"] = "one-shot prunes everything at once: look at the jump in the curve.",
        ["iterative"] = "iterative prunes in steps: count them.",
    };

    [Theory]
    [InlineData("agp")]
    [InlineData("AGP")]
    [InlineData(" a g p ")]
    public void Choice_is_right_for_the_right_option_in_any_case_and_spacing(string answer)
    {
        var check = Answers.Choice(answer, "AGP", "AGP raises the sparsity at every batch.", WrongChoices);

        Assert.True(check.IsRight);
        Assert.Equal("AGP raises the sparsity at every batch.", check.Explanation);
    }

    [Theory]
    [InlineData("One-Shot", "one-shot prunes everything at once: look at the jump in the curve.")]
    [InlineData("iterative", "iterative prunes in steps: count them.")]
    public void Choice_gives_a_wrong_option_its_own_reason(string answer, string reason)
    {
        var check = Answers.Choice(answer, "AGP", "why", WrongChoices);

        Assert.False(check.IsRight);
        Assert.Equal(reason, check.Explanation);
    }

    [Fact]
    public void Choice_lists_the_options_for_an_unknown_option_or_a_non_string()
    {
        var unknown = Answers.Choice("cosine", "AGP", "why", WrongChoices);
        var number = Answers.Choice(3, "AGP", "why", WrongChoices);

        Assert.False(unknown.IsRight);
        Assert.Equal("\"cosine\" is not one of the options \"AGP\", \"iterative\", \"one-shot\".", unknown.Explanation);
        Assert.False(number.IsRight);
        Assert.Equal("the answer is one of \"AGP\", \"iterative\", \"one-shot\"; got Int32 3.", number.Explanation);
    }

    [Fact]
    public void A_verdict_escapes_its_text_in_HTML_and_marks_right_and_not_yet_apart()
    {
        var right = new ExerciseVerdict("01.1", true, "a <b>bold</b> & \"quoted\" reason");
        var notYet = new ExerciseVerdict("01.2", false, "<script>alert(1)</script>");

        Assert.Contains("a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; reason", right.ToHtml());
        Assert.DoesNotContain("<b>bold", right.ToHtml());
        Assert.DoesNotContain("<script>", notYet.ToHtml());
        Assert.Contains(ExerciseVerdict.RightMark + ".", right.ToHtml());
        Assert.Contains(ExerciseVerdict.NotYetMark + ".", notYet.ToHtml());
        Assert.DoesNotContain(ExerciseVerdict.RightMark, notYet.ToHtml());
        Assert.Equal("Exercise 01.1: Right. a <b>bold</b> & \"quoted\" reason", right.ToString());
    }

    [Fact]
    public void A_verdict_displays_as_HTML_and_as_the_plain_line_the_solution_tests_read()
    {
        var verdict = new ExerciseVerdict("03.2", false, "closer");

        var bundle = ConventionFormatting.Bundle(verdict);

        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        Assert.Equal(verdict.ToHtml(), bundle["text/html"]);
        Assert.Equal("Exercise 03.2: Not yet. closer", bundle["text/plain"]);
    }

    private sealed class TestSet(params ExerciseDefinition[] exercises) : ExerciseSet
    {
        public override IEnumerable<ExerciseDefinition> Exercises => exercises;
    }
}
