using System.Runtime.InteropServices;

namespace TorchSharp.Native;

/// <summary>P/Invoke declarations of the shim (src/TorchSharp/native). Every call reports failure
/// through <see cref="ts_last_error"/>; <see cref="NativeError"/> turns that into an exception.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "TorchSharpNative";

    [LibraryImport(Library)] internal static partial IntPtr ts_last_error();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ts_op_find(string name, string overload);

    [LibraryImport(Library)]
    internal static partial int ts_op_call(IntPtr op, int nargs, int* kinds, long* ints, double* doubles, IntPtr* ptrs,
        int maxOut, int* outKinds, long* outInts, double* outDoubles, int maxPtrs, IntPtr* outPtrs);

    [LibraryImport(Library)] internal static partial void ts_tensor_free(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr ts_tensor_from_data(void* data, long nbytes, long* shape, int ndim, int dtype);
    [LibraryImport(Library)] internal static partial int ts_tensor_ndim(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_shape(IntPtr t, long* output, int capacity);
    [LibraryImport(Library)] internal static partial int ts_tensor_dtype(IntPtr t);
    [LibraryImport(Library)] internal static partial long ts_tensor_numel(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_device(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_read(IntPtr t, void* output, long nbytes);
    [LibraryImport(Library)] internal static partial int ts_tensor_write(IntPtr t, void* data, long nbytes);
    [LibraryImport(Library)] internal static partial IntPtr ts_tensor_data_ptr(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_requires_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Library)] internal static partial int ts_tensor_is_leaf(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr ts_tensor_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Library)] internal static partial int ts_tensor_backward(IntPtr t, IntPtr grad, int retainGraph, int createGraph);
    [LibraryImport(Library)] internal static partial IntPtr ts_tensor_alias(IntPtr t);
    [LibraryImport(Library)] internal static partial int ts_tensor_same(IntPtr a, IntPtr b);

    [LibraryImport(Library)] internal static partial int ts_grad_enabled();
    [LibraryImport(Library)] internal static partial void ts_set_grad_enabled(int enabled);
    [LibraryImport(Library)] internal static partial int ts_manual_seed(long seed);
    [LibraryImport(Library)] internal static partial int ts_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int ts_get_num_threads();
    [LibraryImport(Library)] internal static partial int ts_set_num_interop_threads(int n);
    [LibraryImport(Library)] internal static partial int ts_get_num_interop_threads();
}
