using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FasterSharp.Teaching;
using Xunit.Abstractions;

namespace Tutorials.Tests;

/// <summary>Runs every worked solution in notebooks/solutions/ in quick mode through the NotebookRunner and checks that
/// it solves its tutorial: it runs through, and every exercise of the tutorial gets a right verdict, so every exercise
/// is known to be solvable.</summary>
public partial class SolutionNotebookTests(ITestOutputHelper output)
{
    /// <summary>The solutions, relative to the repository root.</summary>
    public static TheoryData<string> Solutions()
    {
        var data = new TheoryData<string>();
        foreach (var solution in NotebookFiles.Solutions())
        {
            data.Add(solution);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public void A_solution_runs_in_quick_mode_and_every_exercise_of_its_tutorial_is_right(string solution)
    {
        var source = Path.Combine(Repository.Root, solution);
        CodeNotebook.FasterSharpDll();   // the solutions #r the Release build
        var outFolder = Directory.CreateTempSubdirectory("solutions-tests-").FullName;
        try
        {
            var (exitCode, log, elapsed) = TutorialNotebookTests.RunRunner(["--quick", "--out", outFolder, source]);
            output.WriteLine($"{solution}: exit {exitCode} after {elapsed.TotalSeconds:F1} s\n{log}");
            var written = Path.Combine(outFolder, Path.GetFileName(source));
            var cells = File.Exists(written) ? NotebookFiles.Cells(written) : [];
            var errors = NotebookFiles.Errors(cells);

            Assert.True(exitCode == 0, $"the runner exited with {exitCode}; errors: {string.Join("; ", errors)}\n{log}");
            Assert.Empty(errors);
            var verdicts = Verdicts(cells);
            output.WriteLine(string.Join("\n", verdicts.Select(v => $"{v.Id}: {v.Mark}")));
            Assert.True(verdicts.Count >= 2, $"{solution} shows {verdicts.Count} exercise verdict(s); at least 2 expected");
            var notRight = verdicts.Where(v => v.Mark != ExerciseVerdict.RightMark).Select(v => $"{v.Id}: {v.Line}").ToList();
            Assert.True(notRight.Count == 0, $"verdicts that are not right in {solution}:\n{string.Join("\n", notRight)}");
            var asked = NotebookFiles.ExerciseIds(NotebookFiles.TutorialOf(solution)).Order(StringComparer.Ordinal);
            Assert.Equal(asked, verdicts.Select(v => v.Id).Distinct().Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(outFolder, recursive: true);
        }
    }

    /// <summary>The exercise verdicts a run's outputs show: "Exercise NN.k: Right. …" or "Exercise NN.k: Not yet. …".</summary>
    internal static IReadOnlyList<(string Id, string Mark, string Line)> Verdicts(JsonArray cells) => cells
        .SelectMany(cell => Verdict().Matches(NotebookFiles.OutputText(cell!)))
        .Select(match => (match.Groups["id"].Value, match.Groups["mark"].Value, match.Value))
        .ToList();

    [GeneratedRegex($@"Exercise (?<id>\d\d\.\d+): (?<mark>{ExerciseVerdict.RightMark}|{ExerciseVerdict.NotYetMark})\.[^\n]*")]
    private static partial Regex Verdict();
}
