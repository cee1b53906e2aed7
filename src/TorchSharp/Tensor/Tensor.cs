using System.Runtime.InteropServices;
using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>A tensor: a handle to a LibTorch tensor. Dispose it (or create it inside a
    /// <see cref="NewDisposeScope"/>) to free its memory deterministically.</summary>
    public partial class Tensor : IDisposable
    {
        private readonly TensorHandle _handle;

        /// <summary>Wraps a native tensor handle the caller owns, registering it with the current dispose scope.</summary>
        internal Tensor(IntPtr handle)
        {
            if (handle == IntPtr.Zero) throw new ArgumentException("a tensor handle must not be null", nameof(handle));
            _handle = new TensorHandle(handle);
            DisposeScopeManager.Current?.Add(this);
        }

        /// <summary>The number of tensors alive in this process (created and not yet disposed or finalized).</summary>
        public static long TotalCount => TensorHandle.Live;

        /// <summary>The largest <see cref="TotalCount"/> seen so far.</summary>
        public static long PeakCount => TensorHandle.Peak;

        internal DisposeScope? OwningScope { get; set; }

        /// <summary>The native handle (an <c>at::Tensor*</c>).</summary>
        /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
        public IntPtr Handle
        {
            get
            {
                if (_handle.IsClosed) throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed");
                return _handle.DangerousGetHandle();
            }
        }

        /// <summary>True once the tensor has been disposed.</summary>
        public bool IsInvalid => _handle.IsClosed;

        /// <summary>Frees the native tensor now (its storage goes when no other tensor shares it).</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the handle.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing) OwningScope?.Remove(this);
            _handle.Dispose();
        }

        /// <summary>Moves this tensor to the dispose scope outside the current one, so it outlives it.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningScope?.MoveToOuter(this);
            return this;
        }

        /// <summary>Takes this tensor out of every dispose scope; the caller must dispose it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Detach(this);
            return this;
        }

        /// <summary>The sizes of the dimensions.</summary>
        public unsafe long[] shape
        {
            get
            {
                Span<long> buffer = stackalloc long[64];
                int n;
                fixed (long* p = buffer) n = NativeError.Check(NativeMethods.ts_tensor_shape(Handle, p, buffer.Length));
                return buffer[..n].ToArray();
            }
        }

        /// <summary>The sizes of the dimensions (same as <see cref="shape"/>).</summary>
        public long[] size() => shape;

        /// <summary>The size of one dimension; negative dims count from the end.</summary>
        public long size(int dim)
        {
            var s = shape;
            var d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length)
                throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dimension must be in [{-s.Length}, {s.Length - 1}]");
            return s[d];
        }

        /// <summary>The number of dimensions.</summary>
        public long Dimensions => NativeError.Check(NativeMethods.ts_tensor_ndim(Handle));

        /// <summary>The number of dimensions.</summary>
        public long dim() => Dimensions;

        /// <summary>The number of dimensions.</summary>
        public long ndim => Dimensions;

        /// <summary>The number of elements.</summary>
        public long NumberOfElements => numel();

        /// <summary>The number of elements.</summary>
        public long numel()
        {
            var n = NativeMethods.ts_tensor_numel(Handle);
            if (n < 0) NativeError.Check();
            return n;
        }

        /// <summary>The element type.</summary>
        public ScalarType dtype => (ScalarType)NativeError.Check(NativeMethods.ts_tensor_dtype(Handle));

        /// <summary>Size of one element in bytes.</summary>
        public long ElementSize => torch.ElementSize(dtype);

        /// <summary>The device the tensor lives on.</summary>
        public Device device
        {
            get
            {
                var code = NativeError.Check(NativeMethods.ts_tensor_device(Handle));
                return new Device((DeviceType)(code / 1000), code % 1000 - 1);
            }
        }

        /// <summary>The type of the device the tensor lives on.</summary>
        public DeviceType device_type => device.type;

        /// <summary>Whether autograd records operations on this tensor. Setting it is allowed on leaves only.</summary>
        public bool requires_grad
        {
            get => NativeError.Check(NativeMethods.ts_tensor_requires_grad(Handle)) != 0;
            set => NativeError.Check(NativeMethods.ts_tensor_set_requires_grad(Handle, value ? 1 : 0));
        }

        /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            this.requires_grad = requires_grad;
            return this;
        }

        /// <summary>True when the tensor was not produced by a recorded operation.</summary>
        public bool is_leaf => NativeError.Check(NativeMethods.ts_tensor_is_leaf(Handle)) != 0;

        /// <summary>The gradient accumulated by <see cref="backward"/>, or null. Each read returns a new
        /// handle to the same gradient tensor.</summary>
        public Tensor? grad
        {
            get
            {
                var g = NativeMethods.ts_tensor_grad(Handle);
                if (g == IntPtr.Zero)
                {
                    NativeError.Check();
                    return null;
                }
                return new Tensor(g);
            }
            set => NativeError.Check(NativeMethods.ts_tensor_set_grad(Handle, value is null ? IntPtr.Zero : value.Handle));
        }

        /// <summary>Computes the gradients of this tensor with respect to the graph leaves.</summary>
        /// <param name="grad_tensors">The gradient of the output (one tensor); null for a scalar output.</param>
        /// <param name="retain_graph">Keep the graph for another backward pass; defaults to <paramref name="create_graph"/>.</param>
        /// <param name="create_graph">Record the backward pass for higher-order gradients.</param>
        public void backward(IList<Tensor>? grad_tensors = null, bool? retain_graph = null, bool create_graph = false)
        {
            if (grad_tensors is not null && grad_tensors.Count != 1)
                throw new ArgumentException($"expected one gradient tensor, got {grad_tensors.Count}", nameof(grad_tensors));
            var g = grad_tensors is null ? IntPtr.Zero : grad_tensors[0].Handle;
            var retain = retain_graph.HasValue ? (retain_graph.Value ? 1 : 0) : -1;
            NativeError.Check(NativeMethods.ts_tensor_backward(Handle, g, retain, create_graph ? 1 : 0));
        }

        /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
        internal Tensor Alias() => new(NativeError.CheckHandle(NativeMethods.ts_tensor_alias(Handle)));

        /// <summary>True when both objects refer to the same native tensor.</summary>
        public bool is_same(Tensor other) =>
            NativeError.Check(NativeMethods.ts_tensor_same(Handle, other.Handle)) != 0;

        /// <summary>Copies the elements, in row-major order, into a new array of <typeparamref name="T"/>,
        /// which must match the element type's size.</summary>
        internal unsafe T[] ReadElements<T>() where T : unmanaged
        {
            var n = numel();
            if (sizeof(T) != ElementSize)
                throw new ArgumentException($"element type {typeof(T).Name} does not match the tensor's {dtype}");
            var result = new T[n];
            fixed (T* p = result) NativeError.Check(NativeMethods.ts_tensor_read(Handle, p, n * sizeof(T)));
            return result;
        }

        /// <summary>Overwrites the elements, without autograd, from <paramref name="values"/> (row-major).</summary>
        internal unsafe void WriteElements<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            if (sizeof(T) != ElementSize)
                throw new ArgumentException($"element type {typeof(T).Name} does not match the tensor's {dtype}");
            fixed (T* p = values) NativeError.Check(NativeMethods.ts_tensor_write(Handle, p, (long)values.Length * sizeof(T)));
        }
    }

    /// <summary>Creates a CPU tensor of <paramref name="dtype"/> from a copy of <paramref name="data"/>.</summary>
    internal static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, ScalarType dtype) where T : unmanaged
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"dimensions must not be negative, got {d}", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"the shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but {data.Length} were given", nameof(shape));
        if (sizeof(T) != ElementSize(dtype))
            throw new ArgumentException($"{typeof(T).Name} elements do not fit dtype {dtype}", nameof(dtype));
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            var h = NativeMethods.ts_tensor_from_data(p, (long)data.Length * sizeof(T), s, shape.Length, (int)dtype);
            return new Tensor(NativeError.CheckHandle(h));
        }
    }
}
