using System.Runtime.InteropServices;
using TorchSharp.Native;

namespace TorchSharp;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it drops the reference.</summary>
internal sealed class TensorHandle : SafeHandle
{
    private static long _live;
    private static long _peak;

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        var live = Interlocked.Increment(ref _live);
        long peak;
        while (live > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, live, peak) != peak) { }
    }

    internal static long Live => Interlocked.Read(ref _live);
    internal static long Peak => Interlocked.Read(ref _peak);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ts_tensor_free(handle);
        Interlocked.Decrement(ref _live);
        return true;
    }
}
