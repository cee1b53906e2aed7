namespace FasterSharp.Learning;

public sealed partial class Learner
{
    private readonly List<Type> _cancellable = [];
    private int _running;
    private string? _activity;
    private int _runningThread;

    /// <summary>What the learner is running now ("Fit", "Validate", "GetPreds"), or null when idle.</summary>
    internal string? Running => _activity;

    /// <summary>Calls <paramref name="handler"/> on every callback in order. A <see cref="CancelException"/> that no
    /// enclosing part of the loop can catch here (a CancelBatchException in AfterBatch, anything in AfterFit, …)
    /// becomes an <see cref="InvalidOperationException"/> naming the callback and the event.</summary>
    private void Raise(string eventName, Action<Callback> handler)
    {
        foreach (var cb in _callbacks.ToArray())
        {
            try
            {
                handler(cb);
            }
            catch (CancelException e) when (!_cancellable.Contains(e.GetType()))
            {
                var allowed = _cancellable.Count == 0 ? "none can" : $"only {string.Join(", ", _cancellable.Select(t => t.Name))} can";
                throw new InvalidOperationException(
                    $"{cb.Name}.{eventName} threw {e.GetType().Name}, which cannot cancel anything at that point of {_activity ?? "the loop"}; {allowed} be thrown there", e);
            }
        }
    }

    /// <summary>Marks the cancel exception of the loop part being entered as catchable until disposed.</summary>
    private CancellableScope Cancellable<T>() where T : CancelException
    {
        _cancellable.Add(typeof(T));
        return new CancellableScope(_cancellable);
    }

    private readonly struct CancellableScope(List<Type> scopes) : IDisposable
    {
        public void Dispose() => scopes.RemoveAt(scopes.Count - 1);
    }

    /// <summary>Fit, Validate and GetPreds do not nest: called from a callback event (or another thread) while one
    /// runs, they would leave the loop's state (Training, Epoch, the model's mode) wrong for the rest of it.</summary>
    private void EnterRun(string activity)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            throw new InvalidOperationException(
                $"{activity} cannot start while {_activity ?? "another run"} is running on this learner (called from a callback event or another thread); " +
                (activity.StartsWith("Fit", StringComparison.Ordinal)
                    ? "start the next fit after this one returns"
                    : "the Recorder's LastValidation holds the latest validation, or call it after the fit returns"));
        _activity = activity;
        _runningThread = Environment.CurrentManagedThreadId;
        _cancellable.Clear();
    }

    private void ExitRun()
    {
        _activity = null;
        _cancellable.Clear();
        Volatile.Write(ref _running, 0);
    }

    /// <summary>Save and Load may run from a callback event (SaveModelCallback does), not from another thread while
    /// the learner runs: the weights would be read or written between two steps of the loop.</summary>
    private void ThrowIfRunningOnAnotherThread(string operation)
    {
        if (Volatile.Read(ref _running) != 0 && _runningThread != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException($"{operation} cannot be called from another thread while {_activity ?? "a run"} is running on this learner");
    }

    private void ThrowIfRunning(string operation)
    {
        if (Volatile.Read(ref _running) != 0)
            throw new InvalidOperationException(
                $"{operation} cannot be called while {_activity ?? "a run"} is running on this learner; attach callbacks before the fit or pass them to Fit");
    }
}
