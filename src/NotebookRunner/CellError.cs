using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookRunner;

/// <summary>Turns a cell's exception into the fields of an nbformat <c>error</c> output.</summary>
internal sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback)
{
    /// <summary>
    /// <c>ename</c> is the exception's type, <c>evalue</c> its message; the traceback starts with
    /// "Cell N" and lists compiler diagnostics or the stack frames of the notebook code.
    /// </summary>
    public static CellError Describe(Exception error, int cellNumber)
    {
        var name = error.GetType().FullName ?? error.GetType().Name;
        var traceback = new List<string> { $"Cell {cellNumber}: {name}: {error.Message}" };
        if (error is CompilationErrorException compilation)
        {
            traceback.AddRange(compilation.Diagnostics
                .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
                .Select(diagnostic => "  " + diagnostic));
        }
        else
        {
            // Keep the notebook's frames; drop the runner's and Roslyn's plumbing below them.
            traceback.AddRange((error.ToString() ?? "")
                .Split('\n')
                .Select(line => line.TrimEnd('\r'))
                .Skip(1)
                .Where(line => line.Length > 0
                    && !line.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                    && !line.Contains(" NotebookRunner.", StringComparison.Ordinal)
                    && !line.Contains("System.Runtime.CompilerServices.", StringComparison.Ordinal)
                    && !line.Contains("System.Runtime.ExceptionServices.", StringComparison.Ordinal)
                    && !line.StartsWith("--- End of stack trace", StringComparison.Ordinal)));
        }

        return new CellError(name, error.Message, traceback);
    }
}
