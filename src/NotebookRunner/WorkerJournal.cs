using System.Text.Encodings.Web;
using System.Text.Json;

namespace NotebookRunner;

/// <summary>
/// What a worker process (<see cref="WorkerCommand"/>) tells the runner that started it, one JSON object per line in
/// a file the runner chose, flushed after every record: the kernel started (with its C# version), a cell is starting,
/// a cell's outputs are final, the run finished (its result) or failed before any cell ran. Whatever ends the worker,
/// the lines written so far are in the file; <see cref="WorkerReport"/> reads them back.
/// </summary>
internal sealed class WorkerJournal : IExecutionObserver, IDisposable
{
    /// <summary>The property naming a record's kind.</summary>
    public const string Kind = "event";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = Notebook.MaxJsonDepth,
    };

    private readonly FileStream _file;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Creates (or empties) the journal file.</summary>
    /// <param name="path">The file the runner named.</param>
    public WorkerJournal(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _writer = new Utf8JsonWriter(_file, WriterOptions);
    }

    /// <inheritdoc/>
    public void KernelStarted(string languageVersion) =>
        Record("kernel-started", writer => writer.WriteString("languageVersion", languageVersion));

    /// <inheritdoc/>
    public void CellStarting(NotebookCell cell) => Record("cell-starting", writer => writer.WriteNumber("cell", cell.Number));

    /// <inheritdoc/>
    public void CellFinished(NotebookCell cell) => Record("cell-finished", writer =>
    {
        writer.WriteNumber("cell", cell.Number);
        writer.WritePropertyName("executionCount");
        if (cell.Json["execution_count"] is { } count)
        {
            count.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("outputs");
        cell.Outputs.WriteTo(writer);
    });

    /// <inheritdoc/>
    public void RunFinished(NotebookRunResult result) => Record("run-finished", writer =>
    {
        writer.WriteNumber("cellsExecuted", result.CellsExecuted);
        if (result.FailedCellNumber is { } failed)
        {
            writer.WriteNumber("failedCell", failed);
            writer.WriteString("error", result.Error);
        }

        writer.WriteNumber("elapsedSeconds", result.Elapsed.TotalSeconds);
    });

    /// <summary>Records that the notebook could not be run at all (the kernel did not start, the file changed).</summary>
    /// <param name="message">One line saying why.</param>
    public void RunFailed(string message) => Record("run-failed", writer => writer.WriteString("message", message));

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    private void Record(string kind, Action<Utf8JsonWriter> writeFields)
    {
        _writer.Reset();
        _writer.WriteStartObject();
        _writer.WriteString(Kind, kind);
        writeFields(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
        _file.WriteByte((byte)'\n');
        _file.Flush();
    }
}
