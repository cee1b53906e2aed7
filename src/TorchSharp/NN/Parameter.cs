namespace TorchSharp.Modules
{
    using static TorchSharp.torch;

    /// <summary>A tensor that is a module's trainable state: a leaf that shares storage with the tensor
    /// it was made from and records gradients unless told otherwise. Parameters belong to no dispose
    /// scope; their module owns them.</summary>
    public class Parameter : Tensor
    {
        /// <summary>Wraps <paramref name="data"/> (detached from any graph, storage shared) as a parameter.</summary>
        public Parameter(Tensor data, bool requires_grad = true)
            : base(DetachedHandle(data))
        {
            DetachFromDisposeScope();
            this.requires_grad = requires_grad;
        }

        private static IntPtr DetachedHandle(Tensor data)
        {
            ArgumentNullException.ThrowIfNull(data);
            using var detached = Aten.detach.Args().Tensor(data).Call();
            return Native.NativeError.CheckHandle(Native.NativeMethods.ts_tensor_alias(detached.Handle));
        }
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>Neural-network building blocks: modules, functional operations, initialization.</summary>
        public static partial class nn
        {
            /// <summary>Wraps a tensor as a module parameter (see <see cref="Modules.Parameter"/>).</summary>
            public static Modules.Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
        }
    }
}
