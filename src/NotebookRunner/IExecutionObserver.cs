namespace NotebookRunner;

/// <summary>Told by <see cref="NotebookExecutor"/> as a run goes, so a supervising process learns how far it got even
/// when the process running the notebook ends abruptly (see <see cref="WorkerJournal"/>).</summary>
internal interface IExecutionObserver
{
    /// <summary>The kernel started; the notebook was normalized with this C# language version.</summary>
    void KernelStarted(string languageVersion);

    /// <summary>A code cell is about to run.</summary>
    void CellStarting(NotebookCell cell);

    /// <summary>A code cell's outputs and execution count are final, or changed again (a later cell updated a display
    /// in it).</summary>
    void CellFinished(NotebookCell cell);

    /// <summary>The last cell is done (the kernel is disposed after this).</summary>
    void RunFinished(NotebookRunResult result);
}
