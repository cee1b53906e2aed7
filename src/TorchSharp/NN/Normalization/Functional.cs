using static TorchSharp.torch;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>Lp-normalizes <paramref name="input"/> along <paramref name="dim"/>: x / max(‖x‖_p, eps).</summary>
            /// <param name="input">The input.</param>
            /// <param name="p">The norm's exponent (default 2).</param>
            /// <param name="dim">The dimension to normalize (default 1).</param>
            /// <param name="eps">Lower bound of the norm, avoiding division by zero (default 1e-12).</param>
            public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1L, double eps = 1e-12)
            {
                ArgumentNullException.ThrowIfNull(input);
                using var norm = Aten.norm_ScalarOpt_dim.Args().Tensor(input).Scalar(p).Ints([dim]).Bool(true).Call();
                using var clamped = Aten.clamp_min.Args().Tensor(norm).Scalar(eps).Call();
                return Aten.div_Tensor.Args().Tensor(input).Tensor(clamped).Call();
            }

            /// <summary>Batch normalization over dimension 1. With <paramref name="training"/>, uses the batch's
            /// statistics and updates the running ones in place (when given) with <paramref name="momentum"/>;
            /// otherwise uses <paramref name="running_mean"/> and <paramref name="running_var"/>.</summary>
            /// <param name="input">[N, C, …] input.</param>
            /// <param name="running_mean">Running mean [C], or null.</param>
            /// <param name="running_var">Running variance [C], or null.</param>
            /// <param name="weight">Scale [C], or null.</param>
            /// <param name="bias">Shift [C], or null.</param>
            /// <param name="training">Use (and track) batch statistics (default false).</param>
            /// <param name="momentum">Weight of the batch in the running statistics (default 0.1).</param>
            /// <param name="eps">Added to the variance (default 1e-5).</param>
            /// <exception cref="ArgumentException">Evaluation mode without running statistics.</exception>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(input);
                if (!training && (running_mean is null || running_var is null))
                    throw new ArgumentException("batch_norm in evaluation mode needs running_mean and running_var", nameof(training));
                return Aten.batch_norm.Args().Tensor(input).OptionalTensor(weight).OptionalTensor(bias).OptionalTensor(running_mean)
                    .OptionalTensor(running_var).Bool(training).Double(momentum).Double(eps).Bool(true).Call();
            }
        }
    }
}
