namespace TorchSharp;

/// <summary>Collects the tensors created while it is the current scope on this thread and disposes
/// them when it is disposed, except those moved out (<see cref="torch.Tensor.MoveToOuterDisposeScope"/>)
/// or detached. Scopes nest; create one with <see cref="torch.NewDisposeScope"/>.</summary>
public sealed class DisposeScope : IDisposable
{
    private readonly HashSet<torch.Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    internal DisposeScope(DisposeScope? outer) => OuterScope = outer;

    /// <summary>The scope that was current when this one was created, or null.</summary>
    public DisposeScope? OuterScope { get; }

    /// <summary>How many tensors this scope will dispose.</summary>
    public long DisposablesCount => _tensors.Count;

    internal void Add(torch.Tensor tensor)
    {
        _tensors.Add(tensor);
        tensor.OwningScope = this;
    }

    internal void Remove(torch.Tensor tensor)
    {
        _tensors.Remove(tensor);
        tensor.OwningScope = null;
    }

    /// <summary>Moves tensors to the outer scope (or out of all scopes when there is none).</summary>
    public void MoveToOuter(params torch.Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors)
        {
            if (!ReferenceEquals(t.OwningScope, this)) continue;
            Remove(t);
            OuterScope?.Add(t);
        }
    }

    /// <summary>Takes tensors out of every scope; the caller then owns them.</summary>
    public void Detach(params torch.Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors)
            if (ReferenceEquals(t.OwningScope, this)) Remove(t);
    }

    /// <summary>Adds tensors to this scope, taking them from the scope that held them.</summary>
    public void Include(params torch.Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors)
        {
            t.OwningScope?.Remove(t);
            Add(t);
        }
    }

    /// <summary>Disposes every tensor the scope holds, keeping the scope open.</summary>
    public void DisposeEverything() => DisposeEverythingBut();

    /// <summary>Disposes every tensor the scope holds except <paramref name="keep"/>.</summary>
    public void DisposeEverythingBut(params torch.Tensor[] keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = new HashSet<torch.Tensor>(keep, ReferenceEqualityComparer.Instance);
        foreach (var t in _tensors.ToArray())
        {
            if (kept.Contains(t)) continue;
            _tensors.Remove(t);
            t.OwningScope = null;
            t.Dispose();
        }
    }

    /// <summary>Disposes the tensors of this scope and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeEverything();
        DisposeScopeManager.Pop(this);
    }
}

/// <summary>The per-thread stack of dispose scopes.</summary>
internal static class DisposeScopeManager
{
    [ThreadStatic] private static DisposeScope? _current;

    internal static DisposeScope? Current => _current;

    internal static DisposeScope Push()
    {
        _current = new DisposeScope(_current);
        return _current;
    }

    internal static void Pop(DisposeScope scope)
    {
        // Scopes are normally disposed innermost first; if not, unwind to the disposed scope's outer one.
        if (ReferenceEquals(_current, scope) || IsInside(scope)) _current = scope.OuterScope;
    }

    private static bool IsInside(DisposeScope scope)
    {
        for (var s = _current; s is not null; s = s.OuterScope)
            if (ReferenceEquals(s, scope)) return true;
        return false;
    }
}

public static partial class torch
{
    /// <summary>Opens a dispose scope on this thread: tensors created until it is disposed are disposed
    /// with it, unless moved out.</summary>
    public static DisposeScope NewDisposeScope() => DisposeScopeManager.Push();
}
