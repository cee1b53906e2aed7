using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>What a worker's <see cref="WorkerJournal"/> says, read back by the runner after the worker ended.
/// A last line cut off by the worker's end is ignored.</summary>
internal sealed class WorkerReport
{
    private readonly Dictionary<int, CellRecord> _cells = [];

    private WorkerReport()
    {
    }

    /// <summary>The C# language version, once the kernel started; null when it never did.</summary>
    public string? LanguageVersion { get; private set; }

    /// <summary>The last word on each cell that finished: its outputs and execution count, by cell number.</summary>
    public IReadOnlyDictionary<int, CellRecord> Cells => _cells;

    /// <summary>The cell that started and did not finish, if any, and its execution count.</summary>
    public (int Number, int ExecutionCount)? RunningCell { get; private set; }

    /// <summary>The run's result, when the run finished.</summary>
    public NotebookRunResult? Result { get; private set; }

    /// <summary>Why the notebook could not be run at all, when the worker said so.</summary>
    public string? RunFailure { get; private set; }

    /// <summary>Reads a journal file; a missing file reads as an empty journal.</summary>
    /// <param name="path">The journal file.</param>
    /// <returns>The report.</returns>
    public static WorkerReport Read(string path)
    {
        var report = new WorkerReport();
        if (!File.Exists(path))
        {
            return report;
        }

        var executionCount = 0;
        foreach (var line in File.ReadLines(path))
        {
            JsonObject record;
            try
            {
                record = JsonNode.Parse(line, documentOptions: Notebook.ReadOptions) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                break; // the worker ended while writing this line
            }

            switch ((string?)record[WorkerJournal.Kind])
            {
                case "kernel-started":
                    report.LanguageVersion = (string?)record["languageVersion"] ?? "";
                    break;
                case "cell-starting":
                    report.RunningCell = ((int)record["cell"]!, ++executionCount);
                    break;
                case "cell-finished":
                    var number = (int)record["cell"]!;
                    var outputs = (JsonArray)record["outputs"]!;
                    record.Remove("outputs"); // detach it, so it can join the runner's notebook
                    report._cells[number] = new CellRecord(outputs, (int?)record["executionCount"]);
                    if (report.RunningCell?.Number == number)
                    {
                        report.RunningCell = null;
                    }

                    break;
                case "run-finished":
                    report.Result = new NotebookRunResult(
                        (int)record["cellsExecuted"]!, (int?)record["failedCell"], (string?)record["error"],
                        TimeSpan.FromSeconds((double)record["elapsedSeconds"]!));
                    break;
                case "run-failed":
                    report.RunFailure = (string?)record["message"] ?? "the run failed";
                    break;
            }
        }

        return report;
    }

    /// <summary>A cell's final outputs and execution count.</summary>
    /// <param name="Outputs">The nbformat outputs.</param>
    /// <param name="ExecutionCount">The execution count, or null.</param>
    internal sealed record CellRecord(JsonArray Outputs, int? ExecutionCount);
}
