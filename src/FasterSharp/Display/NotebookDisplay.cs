namespace FasterSharp.Display;

/// <summary>Lets library code show rich results in the notebook that runs it. A notebook connects its
/// host's display function once, in its first cell: <c>NotebookDisplay.Sink = x => display(x);</c> (the same
/// line works in the NotebookRunner and in .NET Interactive). Without a sink, nothing is displayed and
/// callers fall back to text.</summary>
public static class NotebookDisplay
{
    /// <summary>The host's display function, or null outside a notebook.</summary>
    public static Action<object>? Sink { get; set; }

    /// <summary>Whether a notebook host is connected.</summary>
    public static bool IsActive => Sink is not null;

    /// <summary>Displays <paramref name="value"/> through the host; returns false (and does nothing) without one.</summary>
    public static bool Show(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sink = Sink;
        if (sink is null) return false;
        sink(value);
        return true;
    }
}
