using static TorchSharp.torch;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>Batch normalization of [N, C] or [N, C, L] input.</summary>
        public sealed class BatchNorm1d : BatchNorm
        {
            internal BatchNorm1d(long num_features, double eps, double momentum, bool affine, bool track_running_stats, Device? device, ScalarType? dtype)
                : base(num_features, eps, momentum, affine, track_running_stats, device, dtype, nameof(BatchNorm1d)) { }

            /// <inheritdoc />
            protected override void ValidateInputDimensions(Tensor input)
            {
                if (input.ndim is not (2 or 3)) throw new ArgumentException($"expected 2D or 3D input, but got {input.ndim}D input.", nameof(input));
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Batch normalization of [N, C] or [N, C, L] input (see <see cref="Modules.BatchNorm"/>).</summary>
            /// <param name="num_features">C, the number of channels.</param>
            /// <param name="eps">Added to the variance (default 1e-5).</param>
            /// <param name="momentum">Weight of the batch in the running statistics (default 0.1).</param>
            /// <param name="affine">Learn a scale and a shift (default true).</param>
            /// <param name="track_running_stats">Keep running statistics for evaluation (default true).</param>
            /// <param name="device">Device (default CPU).</param>
            /// <param name="dtype">Element type (default float32).</param>
            public static Modules.BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-05, double momentum = 0.1, bool affine = true, bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
                new(num_features, eps, momentum, affine, track_running_stats, device, dtype);
        }
    }
}
