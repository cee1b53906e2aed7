namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Weight initialization, in place and without recording gradients (PyTorch's torch.nn.init).
        /// Random draws use LibTorch's default generator (<see cref="torch.manual_seed"/>).</summary>
        public static class init
        {
            /// <summary>The nonlinearity that follows a layer, for <see cref="calculate_gain"/>.</summary>
            public enum NonlinearityType
            {
                /// <summary>Identity (gain 1).</summary>
                Linear = 0,
                /// <summary>1-D convolution (gain 1).</summary>
                Conv1D = 1,
                /// <summary>2-D convolution (gain 1).</summary>
                Conv2D = 2,
                /// <summary>3-D convolution (gain 1).</summary>
                Conv3D = 3,
                /// <summary>1-D transposed convolution (gain 1).</summary>
                ConvTranspose1D = 4,
                /// <summary>2-D transposed convolution (gain 1).</summary>
                ConvTranspose2D = 5,
                /// <summary>3-D transposed convolution (gain 1).</summary>
                ConvTranspose3D = 6,
                /// <summary>Sigmoid (gain 1).</summary>
                Sigmoid = 7,
                /// <summary>Tanh (gain 5/3).</summary>
                Tanh = 8,
                /// <summary>ReLU (gain √2).</summary>
                ReLU = 9,
                /// <summary>Leaky ReLU with negative slope <c>param</c> (gain √(2/(1+slope²))).</summary>
                LeakyReLU = 10,
            }

            /// <summary>Which fan the Kaiming initializers preserve the variance of.</summary>
            public enum FanInOut
            {
                /// <summary>Preserve the variance in the forward pass.</summary>
                FanIn = 0,
                /// <summary>Preserve the variance in the backward pass.</summary>
                FanOut = 1,
            }

            /// <summary>The recommended gain for a nonlinearity; <paramref name="param"/> is the negative slope
            /// for <see cref="NonlinearityType.LeakyReLU"/> (as in TorchSharp, 0 by default, giving √2).</summary>
            /// <exception cref="ArgumentOutOfRangeException">Unknown nonlinearity.</exception>
            public static double calculate_gain(NonlinearityType nonlinearity, double param = 0.0) => nonlinearity switch
            {
                NonlinearityType.Linear or NonlinearityType.Conv1D or NonlinearityType.Conv2D or NonlinearityType.Conv3D
                    or NonlinearityType.ConvTranspose1D or NonlinearityType.ConvTranspose2D or NonlinearityType.ConvTranspose3D
                    or NonlinearityType.Sigmoid => 1.0,
                NonlinearityType.Tanh => 5.0 / 3.0,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + param * param)),
                _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown nonlinearity"),
            };

            /// <summary>Fills <paramref name="tensor"/> with 1.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Fills <paramref name="tensor"/> with 0.</summary>
            public static Tensor zeros_(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var _ = no_grad();
                return Aten.zero_.Args().Tensor(tensor).CallInPlace(tensor);
            }

            /// <summary>Fills <paramref name="tensor"/> with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, Scalar val)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var _ = no_grad();
                return Aten.fill__Scalar.Args().Tensor(tensor).Scalar(val).CallInPlace(tensor);
            }

            /// <summary>Fills <paramref name="tensor"/> with draws from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
            /// <exception cref="ArgumentException"><paramref name="low"/> is greater than <paramref name="high"/> or either is not finite.</exception>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
                    throw new ArgumentException($"uniform_ needs finite low <= high, got low={low}, high={high}", nameof(low));
                using var _ = no_grad();
                return Aten.uniform_.Args().Tensor(tensor).Double(low).Double(high).CallInPlace(tensor);
            }

            /// <summary>Fills <paramref name="tensor"/> with draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (!double.IsFinite(std) || std < 0) throw new ArgumentOutOfRangeException(nameof(std), std, "the standard deviation must be finite and not negative");
                if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "the mean must be finite");
                using var _ = no_grad();
                return Aten.normal_.Args().Tensor(tensor).Double(mean).Double(std).CallInPlace(tensor);
            }

            /// <summary>Kaiming (He) uniform initialization: U(−b, b) with b = gain·√(3/fan), gain from
            /// <paramref name="nonlinearity"/> and <paramref name="a"/> (the leaky-ReLU slope).</summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
            {
                var std = KaimingStd(tensor, a, mode, nonlinearity);
                if (tensor.numel() == 0) return tensor;
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>Kaiming (He) normal initialization: N(0, std²) with std = gain/√fan.</summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
            {
                var std = KaimingStd(tensor, a, mode, nonlinearity);
                if (tensor.numel() == 0) return tensor;
                return normal_(tensor, 0, std);
            }

            /// <summary>Xavier (Glorot) uniform initialization: U(−b, b) with b = gain·√(6/(fan_in+fan_out)).</summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0)
            {
                var std = XavierStd(tensor, gain);
                return uniform_(tensor, -Math.Sqrt(3.0) * std, Math.Sqrt(3.0) * std);
            }

            /// <summary>Xavier (Glorot) normal initialization: N(0, std²) with std = gain·√(2/(fan_in+fan_out)).</summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0) => normal_(tensor, 0, XavierStd(tensor, gain));

            /// <summary>Same as <see cref="xavier_uniform_"/>.</summary>
            public static Tensor glorot_uniform_(Tensor tensor, double gain = 1.0) => xavier_uniform_(tensor, gain);

            /// <summary>Same as <see cref="xavier_normal_"/>.</summary>
            public static Tensor glorot_normal_(Tensor tensor, double gain = 1.0) => xavier_normal_(tensor, gain);

            /// <summary>The fan-in and fan-out of a weight: for [out, in, k…], in·∏k and out·∏k.</summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [{string.Join(", ", shape)}])", nameof(tensor));
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            private static double KaimingStd(Tensor tensor, double a, FanInOut mode, NonlinearityType nonlinearity)
            {
                var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                if (mode is not (FanInOut.FanIn or FanInOut.FanOut)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "FanIn or FanOut");
                var fan = mode == FanInOut.FanIn ? fanIn : fanOut;
                return fan == 0 ? 0 : calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
            }

            private static double XavierStd(Tensor tensor, double gain)
            {
                var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                if (!double.IsFinite(gain)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "the gain must be finite");
                return fanIn + fanOut == 0 ? 0 : gain * Math.Sqrt(2.0 / (fanIn + fanOut));
            }
        }
    }
}
