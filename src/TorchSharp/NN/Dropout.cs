using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>In training mode zeroes each element with probability p and scales the rest by 1/(1−p);
        /// in evaluation mode returns its input.</summary>
        public sealed class Dropout : ParameterLessModule<Tensor, Tensor>
        {
            internal Dropout(double p, bool inplace) : base(nameof(Dropout))
            {
                this.p = p;
                this.inplace = inplace;
            }

            /// <inheritdoc />
            public override Tensor forward(Tensor tensor) => nn.functional.dropout(tensor, p, training, inplace);

            /// <summary>Whether the input is overwritten.</summary>
            public bool inplace { get; set; }
            /// <summary>The probability of zeroing an element.</summary>
            public double p { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A dropout module with drop probability <paramref name="p"/> (default 0.5).</summary>
            /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
            public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false)
            {
                if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "the dropout probability must be in [0, 1]");
                return new(p, inplace);
            }

            public static partial class functional
            {
                /// <summary>With <paramref name="training"/>, zeroes each element with probability <paramref name="p"/>
                /// and scales the rest by 1/(1−p); otherwise returns the input values.</summary>
                /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
                public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
                {
                    ArgumentNullException.ThrowIfNull(input);
                    if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "the dropout probability must be in [0, 1]");
                    return (inplace ? Aten.dropout_ : Aten.dropout).Args().Tensor(input).Double(p).Bool(training).Call();
                }
            }
        }
    }
}
