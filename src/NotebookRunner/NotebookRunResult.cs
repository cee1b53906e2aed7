namespace NotebookRunner;

/// <summary>What happened when a notebook ran.</summary>
/// <param name="CellsExecuted">Number of code cells that ran (the failing one included).</param>
/// <param name="FailedCellNumber">1-based notebook position of the cell that failed, or null.</param>
/// <param name="Error">One-line description of the failure, or null.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record NotebookRunResult(int CellsExecuted, int? FailedCellNumber, string? Error, TimeSpan Elapsed)
{
    /// <summary>Whether every code cell ran without an error.</summary>
    public bool Succeeded => FailedCellNumber is null;
}
