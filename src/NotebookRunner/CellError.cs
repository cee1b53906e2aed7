using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner;

/// <summary>The fields of an nbformat <c>error</c> output.</summary>
/// <param name="Name"><c>ename</c>: the exception's type.</param>
/// <param name="Value"><c>evalue</c>: the exception's message.</param>
/// <param name="Traceback">Starts with "Cell N: type: message", then the compiler's diagnostics or the stack frames of the notebook code.</param>
internal sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback)
{
    // Frames of the kernel, Roslyn scripting and the async machinery below the notebook's own frames.
    private static readonly string[] PlumbingMarkers =
    [
        "Microsoft.CodeAnalysis.Scripting", "Microsoft.DotNet.Interactive", " NotebookRunner.",
        "System.Runtime.CompilerServices.", "System.Runtime.ExceptionServices.", "System.Threading.",
        "--- End of stack trace",
    ];

    /// <summary>Describes a cell the kernel reported as failed (a compile error or an exception).</summary>
    /// <param name="failure">The kernel's <see cref="CommandFailed"/> event.</param>
    /// <param name="cellNumber">1-based position of the cell in the notebook.</param>
    /// <returns>The error.</returns>
    public static CellError Describe(CommandFailed failure, int cellNumber)
    {
        var exception = failure.Exception;
        var name = exception?.GetType().FullName ?? "Error";
        var value = exception?.Message ?? failure.Message ?? "The cell failed.";
        var details = (exception?.ToString() ?? failure.Message ?? "")
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Skip(1)
            .Where(line => line.Trim().Length > 0 && !PlumbingMarkers.Any(marker => line.Contains(marker, StringComparison.Ordinal)));
        return new CellError(name, value, [$"Cell {cellNumber}: {name}: {value}", .. details]);
    }

    /// <summary>The name given to a cell that ended the process running its notebook, as Jupyter's nbclient names a
    /// kernel that died under a cell.</summary>
    public const string DeadKernel = "DeadKernelError";

    /// <summary>Describes a cell during which the process running the notebook ended (or was killed as stuck).</summary>
    /// <param name="cellNumber">1-based position of the cell in the notebook.</param>
    /// <param name="howItEnded">How the process ended, e.g. "exit code 3 (...)".</param>
    /// <returns>The error.</returns>
    public static CellError ProcessEnded(int cellNumber, string howItEnded)
    {
        var value = $"Cell {cellNumber} ended the process running the notebook: {howItEnded}. The cells after it did not run.";
        return new CellError(DeadKernel, value, [$"Cell {cellNumber}: {DeadKernel}: {value}"]);
    }

    /// <summary>The nbformat <c>error</c> output.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToOutput() => new()
    {
        ["output_type"] = "error",
        ["ename"] = Name,
        ["evalue"] = Value,
        ["traceback"] = new JsonArray(Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
    };

    /// <summary>Describes a cell that ran past the time limit.</summary>
    /// <param name="cellNumber">1-based position of the cell in the notebook.</param>
    /// <param name="limit">The per-cell time limit.</param>
    /// <returns>The error.</returns>
    public static CellError Timeout(int cellNumber, TimeSpan limit)
    {
        var name = typeof(TimeoutException).FullName!;
        var value = $"Cell {cellNumber} did not finish within the cell timeout of {limit.TotalSeconds:0.###} s (--timeout); the run was stopped.";
        return new CellError(name, value, [$"Cell {cellNumber}: {name}: {value}"]);
    }
}
