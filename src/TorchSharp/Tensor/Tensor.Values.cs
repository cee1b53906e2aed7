namespace TorchSharp;

public static partial class torch
{
    // Reading element values into .NET.
    public partial class Tensor
    {
        /// <summary>The value of a one-element tensor. <typeparamref name="T"/> must match the element type
        /// (float for Float32, long for Int64, bool for Bool ...), as in TorchSharp.</summary>
        /// <exception cref="ArgumentException">The tensor does not have exactly one element, or
        /// <typeparamref name="T"/> does not match its element type.</exception>
        public T item<T>() where T : unmanaged
        {
            var n = numel();
            if (n != 1) throw new ArgumentException($"item() needs a tensor with exactly one element; this one has {n} (shape [{string.Join(", ", shape)}])");
            CheckElementType<T>();
            return ReadElements<T>()[0];
        }

        /// <summary>Throws unless <typeparamref name="T"/> is the .NET type of this tensor's elements.</summary>
        internal void CheckElementType<T>()
        {
            var type = dtype;
            var expected = DotNetType(type);
            if (expected != typeof(T))
                throw new ArgumentException($"{typeof(T).Name} does not match the tensor's element type {type}" +
                    (expected is null ? "" : $"; use {expected.Name}, or convert with to_type() first"));
        }

        private static Type? DotNetType(ScalarType type) => type switch
        {
            ScalarType.Byte => typeof(byte),
            ScalarType.Int8 => typeof(sbyte),
            ScalarType.Int16 => typeof(short),
            ScalarType.Int32 => typeof(int),
            ScalarType.Int64 => typeof(long),
            ScalarType.Float16 => typeof(Half),
            ScalarType.Float32 => typeof(float),
            ScalarType.Float64 => typeof(double),
            ScalarType.Bool => typeof(bool),
            _ => null,
        };
    }
}

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>A copy of the elements, readable by index or enumeration (see <see cref="Utils.TensorAccessor{T}"/>).
        /// <typeparamref name="T"/> must match the element type.</summary>
        /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match the element type.</exception>
        public Utils.TensorAccessor<T> data<T>() where T : unmanaged
        {
            CheckElementType<T>();
            return new Utils.TensorAccessor<T>(this);
        }
    }
}
