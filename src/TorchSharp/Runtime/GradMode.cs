using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>Turns gradient recording off on this thread until the returned object is disposed
    /// (use with <c>using</c>).</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Turns gradient recording on on this thread until the returned object is disposed.</summary>
    public static IDisposable enable_grad(bool enabled = true) => new GradModeGuard(enabled);

    /// <summary>Sets whether gradients are recorded on this thread.</summary>
    public static void set_grad_enabled(bool enabled) => NativeMethods.ts_set_grad_enabled(enabled ? 1 : 0);

    /// <summary>Whether gradients are recorded on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.ts_grad_enabled() != 0;

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        internal GradModeGuard(bool enabled)
        {
            _previous = is_grad_enabled();
            set_grad_enabled(enabled);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            set_grad_enabled(_previous);
        }
    }
}
