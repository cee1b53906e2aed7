using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>A 2-D convolution over [N, C, H, W] (or unbatched [C, H, W]) input; weight
        /// [out_channels, in_channels/groups, kH, kW], bias [out_channels].</summary>
        public sealed class Conv2d : nn.Module<Tensor, Tensor>
        {
            [ComponentName(Name = nameof(weight))] private Parameter? _weight;
            [ComponentName(Name = nameof(bias))] private Parameter? _bias;

            internal Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long) stride, (long, long)? padding,
                Padding? padding_type, (long, long) dilation, long groups, bool bias, PaddingModes padding_mode, Device? device, ScalarType? dtype)
                : base(nameof(Conv2d))
            {
                if (in_channels <= 0) throw new ArgumentOutOfRangeException(nameof(in_channels), in_channels, "must be positive");
                if (out_channels <= 0) throw new ArgumentOutOfRangeException(nameof(out_channels), out_channels, "must be positive");
                if (groups <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
                    throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be positive and divide in_channels ({in_channels}) and out_channels ({out_channels})");
                if (kernel_size.Item1 <= 0 || kernel_size.Item2 <= 0) throw new ArgumentOutOfRangeException(nameof(kernel_size), kernel_size, "must be positive");
                if (stride.Item1 <= 0 || stride.Item2 <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "must be positive");
                if (dilation.Item1 <= 0 || dilation.Item2 <= 0) throw new ArgumentOutOfRangeException(nameof(dilation), dilation, "must be positive");
                if (padding is { } p && (p.Item1 < 0 || p.Item2 < 0)) throw new ArgumentOutOfRangeException(nameof(padding), padding, "must not be negative");
                if (padding_type == Padding.Same && (stride.Item1 != 1 || stride.Item2 != 1))
                    throw new ArgumentException("padding Same supports stride 1 only", nameof(padding_type));
                this.in_channels = in_channels;
                this.out_channels = out_channels;
                this.kernel_size = [kernel_size.Item1, kernel_size.Item2];
                this.stride = [stride.Item1, stride.Item2];
                this.padding = padding is { } q ? [q.Item1, q.Item2] : null;
                this.padding_type = padding_type;
                this.dilation = [dilation.Item1, dilation.Item2];
                this.groups = groups;
                this.padding_mode = padding_mode;
                using (var w = empty([out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2], dtype, device)) weight = new Parameter(w);
                if (bias) using (var b = empty([out_channels], dtype, device)) this.bias = new Parameter(b);
                reset_parameters();
            }

            /// <summary>Re-draws the parameters as PyTorch does: weight kaiming_uniform_(a: √5), bias
            /// U(−1/√fan_in, 1/√fan_in).</summary>
            public void reset_parameters()
            {
                nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (_bias is null) return;
                var (fanIn, _) = nn.init.CalculateFanInAndFanOut(weight);
                var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                nn.init.uniform_(_bias, -bound, bound);
            }

            /// <summary>Applies the convolution to [N, in_channels, H, W] or [in_channels, H, W] input.</summary>
            /// <exception cref="ArgumentException">The input is not 3-D or 4-D with in_channels channels.</exception>
            public override Tensor forward(Tensor input)
            {
                ArgumentNullException.ThrowIfNull(input);
                var shape = input.shape;
                if (shape.Length is not (3 or 4) || shape[^3] != in_channels)
                    throw new ArgumentException($"Conv2d expects [N, {in_channels}, H, W] or [{in_channels}, H, W] input, got [{string.Join(", ", shape)}]", nameof(input));
                if (padding_type is { } type)
                    return Aten.conv2d_padding.Args().Tensor(input).Tensor(weight).OptionalTensor(_bias).Ints(stride)
                        .String(type == Padding.Same ? "same" : "valid").Ints(dilation).Int(groups).Call();
                if (padding_mode is PaddingModes.Zeros or PaddingModes.Constant)
                    return nn.functional.conv2d(input, weight, _bias, stride, padding, dilation, groups);
                var mode = padding_mode switch
                {
                    PaddingModes.Reflect => "reflect",
                    PaddingModes.Replicate => "replicate",
                    PaddingModes.Circular => "circular",
                    _ => throw new InvalidOperationException($"unknown padding mode {padding_mode}"),
                };
                var pad = padding ?? [0, 0];
                using var padded = Aten.pad.Args().Tensor(input).Ints([pad[1], pad[1], pad[0], pad[0]]).String(mode).Call();
                return nn.functional.conv2d(padded, weight, _bias, stride, [0, 0], dilation, groups);
            }

            /// <summary>The weight, [out_channels, in_channels/groups, kH, kW]. Setting it disposes the previous one.</summary>
            public Parameter weight
            {
                get => _weight!;
                set
                {
                    ArgumentNullException.ThrowIfNull(value);
                    ReplaceParameter(ref _weight, value, nameof(weight));
                }
            }

            /// <summary>The bias, [out_channels], or null. Setting it disposes the previous one.</summary>
            public Parameter? bias
            {
                get => _bias;
                set => ReplaceParameter(ref _bias, value, nameof(bias));
            }

            /// <summary>Number of input channels.</summary>
            public long in_channels { get; set; }
            /// <summary>Number of output channels.</summary>
            public long out_channels { get; set; }
            /// <summary>Kernel size [kH, kW].</summary>
            public long[] kernel_size { get; set; }
            /// <summary>Stride [sH, sW].</summary>
            public long[] stride { get; set; }
            /// <summary>Padding [pH, pW] added on both sides, or null when <see cref="padding_type"/> is used.</summary>
            public long[]? padding { get; set; }
            /// <summary>Padding by intent (Valid / Same), or null when <see cref="padding"/> is used.</summary>
            public Padding? padding_type { get; set; }
            /// <summary>Dilation [dH, dW].</summary>
            public long[] dilation { get; set; }
            /// <summary>Number of blocked connections from input to output channels.</summary>
            public long groups { get; set; }
            /// <summary>How the padded border is filled.</summary>
            public PaddingModes padding_mode { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 2-D convolution with a square kernel and PyTorch's default initialization.</summary>
            /// <param name="in_channels">Channels of the input.</param>
            /// <param name="out_channels">Channels produced.</param>
            /// <param name="kernel_size">Kernel height and width.</param>
            /// <param name="stride">Stride (default 1).</param>
            /// <param name="padding">Padding added to each side (default 0).</param>
            /// <param name="dilation">Spacing between kernel elements (default 1).</param>
            /// <param name="padding_mode">How the padding is filled (default zeros).</param>
            /// <param name="groups">Blocked connections from input to output channels (default 1).</param>
            /// <param name="bias">Whether to learn a bias (default true).</param>
            /// <param name="device">Device of the parameters (default CPU).</param>
            /// <param name="dtype">Element type of the parameters (default float32).</param>
            /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or groups does not divide the channels.</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), null, (dilation, dilation), groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-D convolution with a (kH, kW) kernel; stride defaults to (1, 1), padding to (0, 0), dilation to (1, 1).</summary>
            /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or groups does not divide the channels.</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
                (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride ?? (1, 1), padding ?? (0, 0), null, dilation ?? (1, 1), groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-D convolution with a square kernel padded by intent (Valid or Same).</summary>
            /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or groups does not divide the channels.</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, Padding padding, long stride = 1, long dilation = 1,
                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), null, padding, (dilation, dilation), groups, bias, padding_mode, device, dtype);

            public static partial class functional
            {
                /// <summary>2-D convolution of [N, C, H, W] (or [C, H, W]) input with weight [O, C/groups, kH, kW].</summary>
                /// <param name="input">The input.</param>
                /// <param name="weight">The filters.</param>
                /// <param name="bias">Optional bias [O].</param>
                /// <param name="strides">Stride, one value or (sH, sW) (default 1).</param>
                /// <param name="padding">Zero padding on each side, one value or (pH, pW) (default 0).</param>
                /// <param name="dilation">Dilation, one value or (dH, dW) (default 1).</param>
                /// <param name="groups">Blocked connections (default 1).</param>
                public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null, long[]? dilation = null, long groups = 1)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(weight);
                    if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, "must be positive");
                    return Aten.conv2d.Args().Tensor(input).Tensor(weight).OptionalTensor(bias)
                        .Ints(strides ?? [1]).Ints(padding ?? [0]).Ints(dilation ?? [1]).Int(groups).Call();
                }
            }
        }
    }
}
