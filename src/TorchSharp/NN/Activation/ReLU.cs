using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>max(0, x), element-wise.</summary>
        public sealed class ReLU : ParameterLessModule<Tensor, Tensor>
        {
            internal ReLU(bool inplace) : base(nameof(ReLU)) => this.inplace = inplace;

            /// <inheritdoc />
            public override Tensor forward(Tensor tensor) => nn.functional.relu(tensor, inplace);

            /// <summary>Whether the input is overwritten.</summary>
            public bool inplace { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A ReLU module; with <paramref name="inplace"/> it overwrites its input.</summary>
            public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);

            public static partial class functional
            {
                /// <summary>max(0, x); with <paramref name="inplace"/>, <paramref name="x"/> is overwritten and a
                /// new handle to it is returned.</summary>
                public static Tensor relu(Tensor x, bool inplace = false)
                {
                    ArgumentNullException.ThrowIfNull(x);
                    return (inplace ? Aten.relu_ : Aten.relu).Args().Tensor(x).Call();
                }
            }
        }
    }
}
