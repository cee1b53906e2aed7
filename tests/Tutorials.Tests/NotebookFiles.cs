using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tutorials.Tests;

/// <summary>The tutorials and their worked solutions as files, and what their cells hold (read as JSON, no kernel).</summary>
internal static partial class NotebookFiles
{
    /// <summary>The set-up check in notebooks/: a notebook, but not a tutorial (no course kit, no exercises).</summary>
    public const string SmokeTest = "00-smoke.ipynb";

    /// <summary>Every notebook in notebooks/, relative to the repository root, in order.</summary>
    public static IReadOnlyList<string> Notebooks() => Find("notebooks");

    /// <summary>The tutorials: the notebooks in notebooks/ but the smoke test.</summary>
    public static IReadOnlyList<string> Tutorials() =>
        Notebooks().Where(path => Path.GetFileName(path) != SmokeTest).ToList();

    /// <summary>The worked solutions in notebooks/solutions/, one per tutorial, with the tutorial's file name.</summary>
    public static IReadOnlyList<string> Solutions() => Find(Path.Combine("notebooks", "solutions"));

    /// <summary>The tutorial a solution solves: notebooks/NAME for notebooks/solutions/NAME.</summary>
    public static string TutorialOf(string solution) => Path.Combine("notebooks", Path.GetFileName(solution));

    /// <summary>The cells of a notebook (path relative to the repository root, or absolute).</summary>
    public static JsonArray Cells(string path) =>
        (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, path)))!["cells"]!;

    /// <summary>The cell's type: "markdown", "code" or "raw".</summary>
    public static string Type(JsonNode cell) => cell["cell_type"]!.GetValue<string>();

    /// <summary>The cell's source as one string (nbformat stores a string or a list of lines).</summary>
    public static string Source(JsonNode cell) => Text(cell["source"]);

    /// <summary>What a cell's outputs say as text: its streams, the text/plain of its results and displays, its errors.</summary>
    public static string OutputText(JsonNode cell) => string.Join("\n", (cell["outputs"] as JsonArray ?? []).Select(output =>
        output!["output_type"]?.GetValue<string>() switch
        {
            "stream" => Text(output["text"]),
            "display_data" or "execute_result" => Text(output["data"]?["text/plain"]),
            "error" => $"{output["ename"]}: {output["evalue"]}",
            _ => "",
        }));

    /// <summary>The error outputs of <paramref name="cells"/>, one line each: "cell N: ename: evalue".</summary>
    public static IReadOnlyList<string> Errors(JsonArray cells) => cells
        .Select((cell, index) => (Number: index + 1, Outputs: cell!["outputs"] as JsonArray))
        .SelectMany(cell => (cell.Outputs ?? []).Where(o => o!["output_type"]?.GetValue<string>() == "error")
            .Select(o => $"cell {cell.Number}: {o!["ename"]}: {o["evalue"]}"))
        .ToList();

    /// <summary>The ids of the <c>Exercise.Check("NN.k", …)</c> calls in a notebook's code cells, in order.</summary>
    public static IReadOnlyList<string> ExerciseIds(string path) => Cells(path)
        .Where(cell => Type(cell!) == "code")
        .SelectMany(cell => ExerciseCheck().Matches(Source(cell!)).Select(match => match.Groups[1].Value))
        .ToList();

    [GeneratedRegex(@"\bExercise\s*\.\s*Check\s*\(\s*""([^""]*)""")]
    private static partial Regex ExerciseCheck();

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    private static IReadOnlyList<string> Find(string folder)
    {
        var full = Path.Combine(Repository.Root, folder);
        return Directory.Exists(full)
            ? Directory.GetFiles(full, "*.ipynb").Order(StringComparer.Ordinal).Select(path => Path.GetRelativePath(Repository.Root, path)).ToList()
            : [];
    }
}
