using static TorchSharp.torch;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces its per-element values.</summary>
        public enum Reduction : long
        {
            /// <summary>No reduction: one value per element (or per sample).</summary>
            None = 0,
            /// <summary>The mean (for weighted losses, the weighted mean).</summary>
            Mean = 1,
            /// <summary>The sum.</summary>
            Sum = 2,
        }

        /// <summary>Functional forms of the neural-network operations (PyTorch's torch.nn.functional).</summary>
        public static partial class functional
        {
            /// <summary>Cross entropy between logits <paramref name="input"/> [N, C, …] and class indices
            /// [N, …] (int64) or class probabilities [N, C, …].</summary>
            /// <param name="input">Unnormalized scores.</param>
            /// <param name="target">Class indices or probabilities.</param>
            /// <param name="weight">A weight per class [C], or null.</param>
            /// <param name="ignore_index">A target index that contributes nothing (default −100).</param>
            /// <param name="reduction">Mean (default), Sum or None.</param>
            /// <param name="label_smoothing">Amount of smoothing in [0, 1] (default 0).</param>
            /// <exception cref="ArgumentOutOfRangeException"><paramref name="label_smoothing"/> is outside [0, 1] or the reduction is unknown.</exception>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0)
            {
                CheckLossArgs(input, target, reduction);
                if (!(label_smoothing >= 0 && label_smoothing <= 1))
                    throw new ArgumentOutOfRangeException(nameof(label_smoothing), label_smoothing, "must be in [0, 1]");
                return Aten.cross_entropy_loss.Args().Tensor(input).Tensor(target).OptionalTensor(weight).Int((long)reduction).Int(ignore_index)
                    .Double(label_smoothing).Call();
            }

            /// <summary>Negative log likelihood of log-probabilities <paramref name="input"/> [N, C, …] at class
            /// indices <paramref name="target"/> [N, …] (int64).</summary>
            /// <param name="input">Log-probabilities.</param>
            /// <param name="target">Class indices.</param>
            /// <param name="weight">A weight per class [C], or null.</param>
            /// <param name="reduction">Mean (default, weighted mean), Sum or None.</param>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
            {
                CheckLossArgs(input, target, reduction);
                return Aten.nll_loss_nd.Args().Tensor(input).Tensor(target).OptionalTensor(weight).Int((long)reduction).Int(-100).Call();
            }

            /// <summary>Mean squared error (x − y)².</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                CheckLossArgs(input, target, reduction);
                return Aten.mse_loss.Args().Tensor(input).Tensor(target).Int((long)reduction).Call();
            }

            /// <summary>Mean absolute error |x − y|.</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                CheckLossArgs(input, target, reduction);
                return Aten.l1_loss.Args().Tensor(input).Tensor(target).Int((long)reduction).Call();
            }

            /// <summary>Kullback-Leibler divergence, element-wise target·(log target − input), with
            /// <paramref name="input"/> given as log-probabilities. NOTE: as in TorchSharp (and unlike PyTorch),
            /// <paramref name="log_target"/> defaults to TRUE: the target is expected as log-probabilities too,
            /// and the element-wise value is exp(target)·(target − input). Mean reduction averages over all
            /// elements (PyTorch's 'batchmean' is Sum divided by the batch size).</summary>
            public static Tensor kl_div(Tensor input, Tensor target, bool log_target = true, Reduction reduction = Reduction.Mean)
            {
                CheckLossArgs(input, target, reduction);
                return Aten.kl_div.Args().Tensor(input).Tensor(target).Int((long)reduction).Bool(log_target).Call();
            }

            private static void CheckLossArgs(Tensor input, Tensor target, Reduction reduction)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(target);
                if (reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum))
                    throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "None, Mean or Sum");
            }
        }
    }
}
