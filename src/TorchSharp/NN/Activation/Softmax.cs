using static TorchSharp.torch;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>exp(x) / Σ exp(x) along <paramref name="dim"/>, computed in <paramref name="dtype"/> when given.</summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                return Aten.softmax_int.Args().Tensor(input).Int(CheckDim(input, dim)).ScalarType(dtype).Call();
            }

            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
            public static Tensor log_softmax(Tensor x, long dim, ScalarType? dtype = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                return Aten.log_softmax_int.Args().Tensor(x).Int(CheckDim(x, dim)).ScalarType(dtype).Call();
            }

            private static long CheckDim(Tensor input, long dim)
            {
                var n = Math.Max(input.ndim, 1);
                if (dim < -n || dim >= n) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"must be in [{-n}, {n - 1}] for a {input.ndim}-D input");
                return dim;
            }
        }
    }
}
