using System.Runtime.InteropServices;

namespace TorchSharp.Native;

/// <summary>Turns the shim's thread-local error into a .NET exception.</summary>
internal static class NativeError
{
    /// <summary>Throws an <see cref="ExternalException"/> carrying the native message when the last
    /// call on this thread failed.</summary>
    internal static void Check()
    {
        var message = NativeMethods.ts_last_error();
        if (message != IntPtr.Zero) throw new ExternalException(Marshal.PtrToStringUTF8(message));
    }

    /// <summary>Checks a status code (negative means failure) and returns it.</summary>
    internal static int Check(int status)
    {
        if (status < 0) Check();
        return status;
    }

    /// <summary>Checks a returned handle (zero means failure) and returns it.</summary>
    internal static IntPtr CheckHandle(IntPtr handle)
    {
        if (handle == IntPtr.Zero) Check();
        return handle;
    }
}
