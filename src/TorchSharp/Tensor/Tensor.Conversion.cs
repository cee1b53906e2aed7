using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    // Copies, conversions, detaching and whole-tensor fills.
    public partial class Tensor
    {
        /// <summary>This tensor converted to <paramref name="type"/>: this same tensor (a new handle) when it
        /// already has that type and <paramref name="copy"/> is false, otherwise a converted copy.</summary>
        /// <param name="type">The element type wanted.</param>
        /// <param name="copy">Always make a copy.</param>
        /// <param name="disposeAfter">Dispose this handle after converting.</param>
        /// <param name="non_blocking">Ignored on the CPU.</param>
        public Tensor to_type(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
        {
            var result = Aten.to_dtype.Args().Tensor(this).ScalarType(type).Bool(non_blocking).Bool(copy).Call();
            if (disposeAfter) Dispose();
            return result;
        }

        /// <summary>Same as <see cref="to_type"/>.</summary>
        public Tensor to(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false) =>
            to_type(type, copy, disposeAfter, non_blocking);

        /// <summary>This tensor on <paramref name="device"/> (a new handle to the same tensor when it is already there).</summary>
        public Tensor to(Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
        {
            ArgumentNullException.ThrowIfNull(device);
            var result = Aten.to_dtype_layout.Args().Tensor(this).None().None().Device(device).None().Bool(non_blocking).Bool(copy).Call();
            if (disposeAfter) Dispose();
            return result;
        }

        /// <summary>This tensor converted to <paramref name="type"/> on <paramref name="device"/>.</summary>
        public Tensor to(ScalarType type, Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
        {
            ArgumentNullException.ThrowIfNull(device);
            var result = Aten.to_dtype_layout.Args().Tensor(this).ScalarType(type).None().Device(device).None().Bool(non_blocking).Bool(copy).Call();
            if (disposeAfter) Dispose();
            return result;
        }

        /// <summary>This tensor on the device described by <paramref name="device"/> ("cpu", "cuda:0").</summary>
        public Tensor to(string device, bool copy = false, bool disposeAfter = false, bool non_blocking = false) =>
            to(new Device(device), copy, disposeAfter, non_blocking);

        /// <summary>This tensor with the element type and device of <paramref name="other"/>.</summary>
        public Tensor to(Tensor other, bool non_blocking = false)
        {
            ArgumentNullException.ThrowIfNull(other);
            return to(other.dtype, other.device, non_blocking: non_blocking);
        }

        /// <summary>This tensor on the CPU.</summary>
        public Tensor cpu() => to(CPU);

        /// <summary>A copy with its own storage; gradients flow back to this tensor.</summary>
        public Tensor clone() => Aten.clone.Args().Tensor(this).Call();

        /// <summary>A tensor sharing this one's storage but cut from the autograd graph.</summary>
        public Tensor detach() => Aten.detach.Args().Tensor(this).Call();

        /// <summary>Cuts this tensor from the autograd graph in place. Returns this tensor.</summary>
        public Tensor detach_() => Aten.detach_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Copies the elements of <paramref name="source"/> (broadcastable, converted to this tensor's type)
        /// into this tensor. Returns this tensor.</summary>
        public Tensor copy_(Tensor source, bool nonBlocking = false) =>
            Aten.copy_.Args().Tensor(this).Tensor(source).Bool(nonBlocking).CallInPlace(this);

        /// <summary>Sets every element to zero. Returns this tensor.</summary>
        public Tensor zero_() => Aten.zero_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Sets every element to <paramref name="value"/>. Returns this tensor.</summary>
        public Tensor fill_(Scalar value) => Aten.fill__Scalar.Args().Tensor(this).Scalar(value).CallInPlace(this);

        /// <summary>A tensor with the same values laid out contiguously in row-major order (this tensor itself,
        /// as a new handle, when it already is).</summary>
        public Tensor contiguous() => Aten.contiguous.Args().Tensor(this).Call();
    }
}
