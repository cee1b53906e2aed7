using FasterSharp.Teaching;

namespace Tutorials.Tests;

/// <summary>The exercises as the tutorials ask them, read from the notebooks' JSON (no kernel): every tutorial ends with
/// 2–3 <c>Exercise.Check("NN.k", …)</c> cells whose ids the library knows, and every tutorial has a worked solution.</summary>
public class TutorialExerciseTests
{
    /// <summary>The tutorials in notebooks/ (not the smoke test), relative to the repository root.</summary>
    public static TheoryData<string> Tutorials()
    {
        var data = new TheoryData<string>();
        foreach (var tutorial in NotebookFiles.Tutorials())
        {
            data.Add(tutorial);
        }

        return data;
    }

    [Fact]
    public void The_library_has_exercises()
    {
        // Empty until the tutorials' exercise sets (src/FasterSharp/Teaching/Exercises/TutorialNN.cs) land.
        Assert.NotEmpty(Exercise.Ids);
    }

    [Fact]
    public void Every_exercise_a_notebook_checks_is_known_to_the_library()
    {
        var known = Exercise.Ids.ToHashSet(StringComparer.Ordinal);
        var unknown = NotebookFiles.Notebooks().Concat(NotebookFiles.Solutions())
            .SelectMany(notebook => NotebookFiles.ExerciseIds(notebook).Where(id => !known.Contains(id))
                .Select(id => $"{notebook}: Exercise.Check(\"{id}\", …)"))
            .ToList();

        Assert.True(unknown.Count == 0,
            $"exercise ids the library does not know (it knows {string.Join(", ", Exercise.Ids)}):\n{string.Join("\n", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Tutorials))]
    public void A_tutorial_ends_with_two_or_three_exercises_of_its_own_number(string tutorial)
    {
        var ids = NotebookFiles.ExerciseIds(tutorial);
        var number = Path.GetFileName(tutorial)[..2];

        Assert.True(ids.Count is >= 2 and <= 3, $"{tutorial} checks {ids.Count} exercise(s) ({string.Join(", ", ids)}); 2–3 expected");
        Assert.All(ids, id => Assert.Matches($@"^{number}\.[1-9]$", id));
        Assert.Equal(ids.Distinct(StringComparer.Ordinal).Count(), ids.Count);
    }

    [Theory]
    [MemberData(nameof(Tutorials))]
    public void Every_exercise_the_library_defines_for_a_tutorial_is_asked_in_it(string tutorial)
    {
        var number = Path.GetFileName(tutorial)[..2];
        var asked = NotebookFiles.ExerciseIds(tutorial);
        var defined = Exercise.Ids.Where(id => id.StartsWith(number + ".", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(defined);
        Assert.Equal(defined, asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_tutorial_has_a_solution_and_every_solution_a_tutorial()
    {
        var tutorials = NotebookFiles.Tutorials().Select(Path.GetFileName).ToList();
        var solutions = NotebookFiles.Solutions().Select(Path.GetFileName).ToList();

        Assert.True(tutorials.Except(solutions).ToList() is [], $"tutorials without notebooks/solutions/<same name>: {string.Join(", ", tutorials.Except(solutions))}");
        Assert.True(solutions.Except(tutorials).ToList() is [], $"solutions of no tutorial: {string.Join(", ", solutions.Except(tutorials))}");
    }
}
