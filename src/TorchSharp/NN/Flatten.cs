using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>Flattens dimensions <see cref="start_dim"/>..<see cref="end_dim"/> into one.</summary>
        public sealed class Flatten : ParameterLessModule<Tensor, Tensor>
        {
            internal Flatten(long start_dim, long end_dim) : base(nameof(Flatten))
            {
                this.start_dim = start_dim;
                this.end_dim = end_dim;
            }

            /// <inheritdoc />
            public override Tensor forward(Tensor input)
            {
                ArgumentNullException.ThrowIfNull(input);
                return Aten.flatten_using_ints.Args().Tensor(input).Int(start_dim).Int(end_dim).Call();
            }

            /// <summary>First dimension flattened (default 1, keeping the batch dimension).</summary>
            public long start_dim { get; set; }
            /// <summary>Last dimension flattened (default -1).</summary>
            public long end_dim { get; set; }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A module flattening dimensions <paramref name="start_dim"/>..<paramref name="end_dim"/> (default: all but the batch).</summary>
            public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
        }
    }
}
