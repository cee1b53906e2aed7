namespace Tutorials.Tests;

/// <summary>No tutorial or solution states a measured number in its markdown (issue 17): the cells print what the
/// run measured, the prose explains it. Figures quoted from a seed go in a blockquote opening with
/// <c>&gt; **From the seed:**</c>. Reads the notebooks as JSON; runs nothing.</summary>
public class MarkdownNumberTests
{
    /// <summary>The notebooks in notebooks/ and notebooks/solutions/, relative to the repository root.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var notebook in NotebookFiles.Notebooks().Concat(NotebookFiles.Solutions()))
        {
            data.Add(notebook);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Markdown_states_no_measured_number(string notebook)
    {
        var hits = Hits(notebook);

        Assert.True(hits.Count == 0,
            $"{hits.Count} measured number(s) typed into the markdown of {notebook} (print them from the run, or quote " +
            $"a seed in a blockquote opening with > {MarkdownClaims.SeedQuote}):\n{string.Join("\n", hits)}");
    }

    /// <summary>Each hit of a notebook: "NN-name.ipynb, cell N: «…context…» (kind)" (solutions/NN-name.ipynb for a
    /// solution), N counting every cell from 1.</summary>
    internal static IReadOnlyList<string> Hits(string notebook) => NotebookFiles.Cells(notebook)
        .Select((cell, index) => (Number: index + 1, Cell: cell!))
        .Where(cell => NotebookFiles.Type(cell.Cell) == "markdown")
        .SelectMany(cell => MarkdownClaims.Find(NotebookFiles.Source(cell.Cell))
            .Select(hit => $"{Path.GetRelativePath("notebooks", notebook)}, cell {cell.Number}: «{hit.Context}» ({hit.Kind})"))
        .ToList();
}
