using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>2-D average pooling to a fixed output size [oH, oW], whatever the input size.</summary>
        public sealed class AdaptiveAvgPool2d : ParameterLessModule<Tensor, Tensor>
        {
            internal AdaptiveAvgPool2d(long[] output_size) : base(nameof(AdaptiveAvgPool2d))
            {
                nn.functional.CheckOutputSize(output_size);
                this.output_size = output_size;
            }

            /// <inheritdoc />
            public override Tensor forward(Tensor input) => nn.functional.adaptive_avg_pool2d(input, output_size);

            /// <summary>The output size [oH, oW].</summary>
            public long[] output_size { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Adaptive average pooling to [oH, oW].</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long[] output_size) => new(output_size);

            /// <summary>Adaptive average pooling to (oH, oW).</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long, long) output_size) => new([output_size.Item1, output_size.Item2]);

            /// <summary>Adaptive average pooling to a square output (1 for global average pooling).</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new([output_size, output_size]);

            public static partial class functional
            {
                /// <summary>Adaptive 2-D average pooling to <paramref name="output_size"/> [oH, oW].</summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    CheckOutputSize(output_size);
                    return Aten.adaptive_avg_pool2d.Args().Tensor(input).Ints(output_size).Call();
                }

                /// <summary>Adaptive 2-D average pooling to (oH, oW).</summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size) => adaptive_avg_pool2d(input, [output_size.Item1, output_size.Item2]);

                /// <summary>Adaptive 2-D average pooling to a square output.</summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, [output_size, output_size]);

                internal static void CheckOutputSize(long[] output_size)
                {
                    ArgumentNullException.ThrowIfNull(output_size);
                    if (output_size.Length is not (1 or 2) || output_size.Any(x => x <= 0))
                        throw new ArgumentOutOfRangeException(nameof(output_size), $"[{string.Join(", ", output_size)}]", "expected 1 or 2 positive sizes");
                }
            }
        }
    }
}
