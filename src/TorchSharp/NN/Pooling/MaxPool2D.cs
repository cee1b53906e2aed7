using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>2-D max pooling over [N, C, H, W] or [C, H, W] input.</summary>
        public sealed class MaxPool2d : ParameterLessModule<Tensor, Tensor>
        {
            internal MaxPool2d(long[] kernel_size, long[]? stride, long[]? padding, long[]? dilation, bool ceil_mode) : base(nameof(MaxPool2d))
            {
                this.kernel_size = kernel_size;
                this.stride = stride ?? kernel_size;
                this.padding = padding ?? [0, 0];
                this.dilation = dilation ?? [1, 1];
                this.ceil_mode = ceil_mode;
                nn.functional.CheckPooling(this.kernel_size, this.stride, this.padding, this.dilation);
            }

            /// <inheritdoc />
            public override Tensor forward(Tensor input) => nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>Window size [kH, kW].</summary>
            public long[] kernel_size { get; set; }
            /// <summary>Window step [sH, sW] (default: the kernel size).</summary>
            public long[] stride { get; set; }
            /// <summary>Implicit −∞ padding on each side [pH, pW].</summary>
            public long[] padding { get; set; }
            /// <summary>Spacing between window elements [dH, dW].</summary>
            public long[] dilation { get; set; }
            /// <summary>Use ceil instead of floor for the output size.</summary>
            public bool ceil_mode { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>2-D max pooling with a square window; the stride defaults to the window size.</summary>
            /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
            public static Modules.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
                new([kernel_size, kernel_size], stride is { } s ? [s, s] : null, padding is { } p ? [p, p] : null, dilation is { } d ? [d, d] : null, ceil_mode);

            /// <summary>2-D max pooling with a (kH, kW) window; the stride defaults to the window size.</summary>
            public static Modules.MaxPool2d MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false) =>
                new([kernel_size.Item1, kernel_size.Item2], stride is { } s ? [s.Item1, s.Item2] : null, padding is { } p ? [p.Item1, p.Item2] : null,
                    dilation is { } d ? [d.Item1, d.Item2] : null, ceil_mode);

            /// <summary>2-D max pooling with a [kH, kW] window; the stride defaults to the window size.</summary>
            public static Modules.MaxPool2d MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                return new(kernel_size, stride, padding, dilation, ceil_mode);
            }

            public static partial class functional
            {
                /// <summary>2-D max pooling; <paramref name="strides"/> defaults to the kernel size.</summary>
                public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(kernel_size);
                    strides ??= kernel_size;
                    padding ??= [0];
                    dilation ??= [1];
                    CheckPooling(kernel_size, strides, padding, dilation);
                    return Aten.max_pool2d.Args().Tensor(input).Ints(kernel_size).Ints(strides).Ints(padding).Ints(dilation).Bool(ceil_mode).Call();
                }

                /// <summary>2-D max pooling with a square window; <paramref name="stride"/> defaults to the kernel size.</summary>
                public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
                    max_pool2d(input, [kernel_size, kernel_size], [stride ?? kernel_size, stride ?? kernel_size], [padding ?? 0, padding ?? 0], [dilation ?? 1, dilation ?? 1], ceil_mode);

                /// <summary>Checks pooling sizes: kernel, stride and dilation positive, padding not negative, 1 or 2 values each.</summary>
                internal static void CheckPooling(long[] kernel_size, long[] stride, long[] padding, long[]? dilation)
                {
                    static void Check(long[] v, string name, long min)
                    {
                        if (v.Length is not (1 or 2) || v.Any(x => x < min))
                            throw new ArgumentOutOfRangeException(name, $"[{string.Join(", ", v)}]", $"expected 1 or 2 values, each at least {min}");
                    }
                    Check(kernel_size, nameof(kernel_size), 1);
                    Check(stride, nameof(stride), 1);
                    Check(padding, nameof(padding), 0);
                    if (dilation is not null) Check(dilation, nameof(dilation), 1);
                }
            }
        }
    }
}
