using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>A fully connected layer: y = x·Wᵀ + b, with W of shape [out_features, in_features].</summary>
        public sealed class Linear : nn.Module<Tensor, Tensor>
        {
            [ComponentName(Name = nameof(weight))] private Parameter? _weight;
            [ComponentName(Name = nameof(bias))] private Parameter? _bias;

            internal Linear(Parameter weight, Parameter? bias) : base(nameof(Linear))
            {
                ArgumentNullException.ThrowIfNull(weight);
                if (weight.ndim != 2) throw new ArgumentException($"a Linear weight is 2-D [out, in], got [{string.Join(", ", weight.shape)}]", nameof(weight));
                if (bias is not null && (bias.ndim != 1 || bias.shape[0] != weight.shape[0]))
                    throw new ArgumentException($"the bias must be 1-D of size {weight.shape[0]}, got [{string.Join(", ", bias.shape)}]", nameof(bias));
                in_features = weight.shape[1];
                out_features = weight.shape[0];
                this.weight = weight;
                this.bias = bias;
            }

            internal Linear(long inputSize, long outputSize, bool hasBias, Device? device, ScalarType? dtype) : base(nameof(Linear))
            {
                in_features = inputSize;
                out_features = outputSize;
                using (var w = empty([outputSize, inputSize], dtype, device)) weight = new Parameter(w);
                nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (hasBias)
                {
                    using (var b = empty([outputSize], dtype, device)) bias = new Parameter(b);
                    var (fanIn, _) = nn.init.CalculateFanInAndFanOut(weight);
                    var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
                    nn.init.uniform_(bias!, -bound, bound);
                }
            }

            /// <summary>Applies the layer to [*, in_features] input.</summary>
            public override Tensor forward(Tensor tensor) => nn.functional.linear(tensor, weight, _bias);

            /// <summary>The weight, [out_features, in_features]. Setting it disposes the previous one.</summary>
            public Parameter weight
            {
                get => _weight!;
                set
                {
                    ArgumentNullException.ThrowIfNull(value);
                    ReplaceParameter(ref _weight, value, nameof(weight));
                }
            }

            /// <summary>The bias, [out_features], or null. Setting it disposes the previous one.</summary>
            public Parameter? bias
            {
                get => _bias;
                set => ReplaceParameter(ref _bias, value, nameof(bias));
            }

            /// <summary>The size of each input sample.</summary>
            public long in_features { get; set; }

            /// <summary>The size of each output sample.</summary>
            public long out_features { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A fully connected layer with PyTorch's default initialization: weight
            /// kaiming_uniform_(a: √5), bias U(−1/√in, 1/√in).</summary>
            /// <param name="inputSize">Size of each input sample (in_features).</param>
            /// <param name="outputSize">Size of each output sample (out_features).</param>
            /// <param name="hasBias">Whether to learn an additive bias (default true).</param>
            /// <param name="device">Device of the parameters (default CPU).</param>
            /// <param name="dtype">Element type of the parameters (default float32).</param>
            /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
            public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
            {
                if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "must be positive");
                if (outputSize <= 0) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "must be positive");
                return new Modules.Linear(inputSize, outputSize, hasBias, device, dtype);
            }

            /// <summary>A fully connected layer using the given weight [out, in] and optional bias [out].</summary>
            public static Modules.Linear Linear(Modules.Parameter weight, Modules.Parameter? bias = null) => new(weight, bias);

            public static partial class functional
            {
                /// <summary>y = input·weightsᵀ + bias.</summary>
                public static Tensor linear(Tensor input, Tensor weights, Tensor? bias = null)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    ArgumentNullException.ThrowIfNull(weights);
                    return Aten.linear.Args().Tensor(input).Tensor(weights).OptionalTensor(bias).Call();
                }
            }
        }
    }
}
