using System.Reflection;
using System.Runtime.ExceptionServices;

namespace FasterSharp.Display;

/// <summary>Lets library code show rich results in the notebook that runs it. A notebook connects its
/// host's display function once, in its first cell: <c>NotebookDisplay.Sink = x => display(x);</c>, or, so that
/// training redraws its epoch table in place after every epoch, the updatable form (.NET Interactive, namespace
/// <c>Microsoft.DotNet.Interactive</c>): <c>NotebookDisplay.UpdatableSink = x => KernelInvocationContext.Current.Display(x);</c>.
/// Without a sink, nothing is displayed and callers fall back to text.</summary>
public static class NotebookDisplay
{
    /// <summary>The host's display function, or null outside a notebook.</summary>
    public static Action<object>? Sink { get; set; }

    /// <summary>A display function that returns a handle on the output it showed: an object with a public
    /// <c>Update(object)</c> method that redraws that output in place with a new value. Null (the default) when the
    /// host cannot update outputs. In .NET Interactive use <c>x => KernelInvocationContext.Current.Display(x)</c>: the
    /// handle that <c>display(x)</c> returns does not update its output in kernel 1.0.712001.</summary>
    public static Func<object, object?>? UpdatableSink { get; set; }

    /// <summary>Whether a notebook host is connected (<see cref="Sink"/> or <see cref="UpdatableSink"/>).</summary>
    public static bool IsActive => Sink is not null || UpdatableSink is not null;

    /// <summary>Displays <paramref name="value"/> through <see cref="Sink"/>, else <see cref="UpdatableSink"/>;
    /// returns false (and does nothing) without either.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static bool Show(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Sink is { } sink)
        {
            sink(value);
            return true;
        }

        if (UpdatableSink is not { } updatable) return false;
        updatable(value);
        return true;
    }

    /// <summary>Displays <paramref name="value"/> through <see cref="UpdatableSink"/> and returns a function that
    /// redraws that same output with a new value; null (nothing shown) when no updatable sink is connected.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The sink returned null or an object without a public
    /// <c>Update(object)</c> method (the value was shown, but cannot be redrawn).</exception>
    public static Action<object>? ShowUpdatable(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (UpdatableSink is not { } sink) return null;
        var handle = sink(value);
        var update = handle?.GetType().GetMethod("Update", BindingFlags.Public | BindingFlags.Instance, [typeof(object)])
            ?? throw new InvalidOperationException(
                $"NotebookDisplay.UpdatableSink returned {handle?.GetType().FullName ?? "null"}, which has no public Update(object) method; " +
                "in .NET Interactive use x => KernelInvocationContext.Current.Display(x), or set Sink instead.");
        return next =>
        {
            try
            {
                update.Invoke(handle, [next]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        };
    }
}
