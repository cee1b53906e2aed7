using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>2-D average pooling over [N, C, H, W] or [C, H, W] input.</summary>
        public sealed class AvgPool2d : ParameterLessModule<Tensor, Tensor>
        {
            internal AvgPool2d(long[] kernel_size, long[]? stride, long[]? padding, bool ceil_mode, bool count_include_pad, long? divisor_override) : base(nameof(AvgPool2d))
            {
                this.kernel_size = kernel_size;
                this.stride = stride ?? kernel_size;
                this.padding = padding ?? [0, 0];
                this.ceil_mode = ceil_mode;
                this.count_include_pad = count_include_pad;
                this.divisor_override = divisor_override;
                nn.functional.CheckPooling(this.kernel_size, this.stride, this.padding, null);
                if (divisor_override is <= 0) throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, "must be positive");
            }

            /// <inheritdoc />
            public override Tensor forward(Tensor input) =>
                nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

            /// <summary>Window size [kH, kW].</summary>
            public long[] kernel_size { get; set; }
            /// <summary>Window step [sH, sW] (default: the kernel size).</summary>
            public long[] stride { get; set; }
            /// <summary>Zero padding on each side [pH, pW].</summary>
            public long[] padding { get; set; }
            /// <summary>Use ceil instead of floor for the output size.</summary>
            public bool ceil_mode { get; set; }
            /// <summary>Count padded zeros in the average.</summary>
            public bool count_include_pad { get; set; }
            /// <summary>Divide by this instead of the window size, when set.</summary>
            public long? divisor_override { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>2-D average pooling with a [kH, kW] window; the stride defaults to the window size.</summary>
            public static Modules.AvgPool2d AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                return new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);
            }

            /// <summary>2-D average pooling with a (kH, kW) window; the stride defaults to the window size.</summary>
            public static Modules.AvgPool2d AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                new([kernel_size.Item1, kernel_size.Item2], stride is { } s ? [s.Item1, s.Item2] : null, padding is { } p ? [p.Item1, p.Item2] : null, ceil_mode, count_include_pad, divisor_override);

            /// <summary>2-D average pooling with a square window; the stride defaults to the window size.</summary>
            public static Modules.AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                new([kernel_size, kernel_size], stride is { } s ? [s, s] : null, padding is { } p ? [p, p] : null, ceil_mode, count_include_pad, divisor_override);

            public static partial class functional
            {
                /// <summary>2-D average pooling; <paramref name="stride"/> defaults to the kernel size.</summary>
                public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(kernel_size);
                    stride ??= kernel_size;
                    padding ??= [0];
                    CheckPooling(kernel_size, stride, padding, null);
                    if (divisor_override is <= 0) throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, "must be positive");
                    return Aten.avg_pool2d.Args().Tensor(input).Ints(kernel_size).Ints(stride).Ints(padding).Bool(ceil_mode).Bool(count_include_pad)
                        .OptionalInt(divisor_override).Call();
                }

                /// <summary>2-D average pooling with a square window; <paramref name="stride"/> defaults to the kernel size.</summary>
                public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                    avg_pool2d(input, [kernel_size, kernel_size], [stride ?? kernel_size, stride ?? kernel_size], [padding, padding], ceil_mode, count_include_pad, divisor_override);
            }
        }
    }
}
