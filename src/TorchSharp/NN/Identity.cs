using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>Returns its input (a new handle to the same tensor); a placeholder, e.g. for a folded BatchNorm.</summary>
        public sealed class Identity : ParameterLessModule<Tensor, Tensor>
        {
            internal Identity() : base(nameof(Identity)) { }

            /// <inheritdoc />
            public override Tensor forward(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                return Aten.alias.Args().Tensor(tensor).Call();
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A module that returns its input.</summary>
            public static Modules.Identity Identity() => new();
        }
    }
}
