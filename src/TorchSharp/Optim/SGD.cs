using System.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Stochastic gradient descent, optionally with momentum (PyTorch 1.13's update rule).</summary>
            /// <param name="parameters">The parameters to optimize.</param>
            /// <param name="learningRate">The learning rate; finite and >= 0.</param>
            /// <param name="momentum">The momentum factor (default 0).</param>
            /// <param name="dampening">Dampening of the momentum (default 0).</param>
            /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
            /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and dampening 0).</param>
            /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
            /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
            public static SGD SGD(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>Stochastic gradient descent over named parameters (the names are ignored).</summary>
            /// <param name="parameters">The named parameters to optimize, e.g. <c>module.named_parameters()</c>.</param>
            /// <param name="learningRate">The learning rate; finite and >= 0.</param>
            /// <param name="momentum">The momentum factor (default 0).</param>
            /// <param name="dampening">Dampening of the momentum (default 0).</param>
            /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
            /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and dampening 0).</param>
            /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
            /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
            public static SGD SGD(IEnumerable<(string name, Parameter parameter)> parameters, double learningRate, double momentum = 0,
                double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new(parameters.Select(np => np.parameter), learningRate, momentum, dampening, weight_decay, nesterov, maximize);
            }

            /// <summary>Stochastic gradient descent over parameter groups, each with its own options; the arguments
            /// are the defaults for options a group leaves unset.</summary>
            /// <param name="parameters">The parameter groups.</param>
            /// <param name="learningRate">The default learning rate; finite and >= 0.</param>
            /// <param name="momentum">The default momentum factor (default 0).</param>
            /// <param name="dampening">The default dampening (default 0).</param>
            /// <param name="weight_decay">The default L2 penalty (default 0).</param>
            /// <param name="nesterov">Use Nesterov momentum by default.</param>
            /// <param name="maximize">Maximize the objective by default.</param>
            /// <exception cref="ArgumentException">An option is out of range, or a group is empty or repeats a parameter.</exception>
            public static SGD SGD(IEnumerable<Modules.SGD.ParamGroup> parameters, double learningRate, double momentum = 0.0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);
        }
    }
}

namespace TorchSharp.Modules
{
    /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay
    /// and maximization, updating exactly as PyTorch 1.13's <c>torch.optim.SGD</c>:
    /// g = ±grad + wd·p; buf = g on the first step, else momentum·buf + (1 − dampening)·g;
    /// g = nesterov ? g + momentum·buf : buf (when momentum ≠ 0); p −= lr·g.</summary>
    public class SGD : OptimizerHelper, IMomentum
    {
        /// <summary>SGD over one group of parameters.</summary>
        /// <param name="parameters">The parameters to optimize.</param>
        /// <param name="lr">The learning rate; finite and >= 0.</param>
        /// <param name="momentum">The momentum factor (default 0).</param>
        /// <param name="dampening">Dampening of the momentum (default 0).</param>
        /// <param name="weight_decay">L2 penalty added to the gradient (default 0).</param>
        /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and dampening 0).</param>
        /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
        /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
        public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0.0, double dampening = 0, double weight_decay = 0,
            bool nesterov = false, bool maximize = false)
            : this(new[] { new ParamGroup { Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters)) } },
                lr, momentum, dampening, weight_decay, nesterov, maximize)
        {
        }

        /// <summary>SGD over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
        /// <param name="parameters">The parameter groups.</param>
        /// <param name="lr">The default learning rate; finite and >= 0.</param>
        /// <param name="momentum">The default momentum factor (default 0).</param>
        /// <param name="dampening">The default dampening (default 0).</param>
        /// <param name="weight_decay">The default L2 penalty (default 0).</param>
        /// <param name="nesterov">Use Nesterov momentum by default.</param>
        /// <param name="maximize">Maximize the objective by default.</param>
        /// <exception cref="ArgumentException">An option is out of range, or a group is empty or repeats a parameter.</exception>
        public SGD(IEnumerable<ParamGroup> parameters, double lr, double momentum = 0.0, double dampening = 0, double weight_decay = 0,
            bool nesterov = false, bool maximize = false)
            : base(CheckedDefaults(lr, momentum, dampening, weight_decay, nesterov, maximize))
        {
            AddInitialGroups(parameters, nameof(parameters));
        }

        private static Options CheckedDefaults(double lr, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
        {
            var options = new Options
            {
                LearningRate = lr, InitialLearningRate = lr, momentum = momentum, dampening = dampening,
                weight_decay = weight_decay, nesterov = nesterov, maximize = maximize,
            };
            options.Check(options);
            return options;
        }

        private protected override Type GroupType => typeof(ParamGroup);

        private protected override OptimizerState CreateState(Parameter parameter, OptimizerOptions options) => new State(parameter);

        private protected override void UpdateParameter(Parameter parameter, Tensor grad, OptimizerState state, OptimizerOptions options)
        {
            var o = (Options)options;
            var s = (State)state;
            var lr = o.LearningRate!.Value;
            var momentum = o.momentum!.Value;
            var d_p = o.maximize!.Value ? OptimizerMath.Neg(grad) : grad;
            if (o.weight_decay!.Value != 0) d_p = OptimizerMath.Add(d_p, parameter, o.weight_decay.Value);
            if (momentum != 0)
            {
                if (s.momentum_buffer is null)
                    s.momentum_buffer = OptimizerMath.Clone(d_p).DetachFromDisposeScope();
                else
                    OptimizerMath.AddInPlace(OptimizerMath.MulInPlace(s.momentum_buffer, momentum), d_p, 1 - o.dampening!.Value);
                d_p = o.nesterov!.Value ? OptimizerMath.Add(d_p, s.momentum_buffer, momentum) : s.momentum_buffer;
            }
            OptimizerMath.AddInPlace(parameter, d_p, -lr);
        }

        /// <summary>The default momentum (for groups added later). Each group's own momentum is <see cref="ParamGroup.Momentum"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
        public double Momentum
        {
            get => ((Options)_defaults).momentum!.Value;
            set
            {
                OptimizerChecks.NonNegative(value, "momentum");
                ((Options)_defaults).momentum = value;
            }
        }

        /// <summary>The state SGD keeps for one parameter: the momentum buffer (null until the first step with momentum).</summary>
        public sealed class State : OptimizerState, IDisposable
        {
            /// <summary>The momentum buffer, owned by the optimizer, or null.</summary>
            public Tensor? momentum_buffer;

            /// <summary>The empty state of <paramref name="parameter"/>.</summary>
            public State(Parameter parameter) : base(parameter) { }

            /// <summary>Disposes the momentum buffer.</summary>
            public void Dispose()
            {
                momentum_buffer?.Dispose();
                momentum_buffer = null;
            }

            /// <inheritdoc />
            public override void SaveStateDict(BinaryWriter writer) => SaveConditionalStateTensor(writer, momentum_buffer);

            /// <inheritdoc />
            public override void LoadStateDict(BinaryReader reader) => LoadConditionalStateTensor(reader, ref momentum_buffer, nameof(momentum_buffer));

            /// <inheritdoc />
            public override void LoadStateDict(OptimizerState source)
            {
                CheckLoadable(source, nameof(source));
                ReplaceWithCopy(ref momentum_buffer, ((State)source).momentum_buffer);
            }

            internal override void CheckLoadable(OptimizerState source, string paramName)
            {
                base.CheckLoadable(source, paramName);
                CheckMatchesParameter(((State)source).momentum_buffer, nameof(momentum_buffer), paramName);
            }

            /// <inheritdoc />
            public override bool ApproximatelyEquals(OptimizerState other) =>
                other is State rhs && Close(momentum_buffer, rhs.momentum_buffer);

            /// <inheritdoc />
            public override void Initialize(OptimizerOptions options) => Dispose();
        }

        /// <summary>The options of an SGD parameter group; null fields take the optimizer's defaults.</summary>
        public class Options : OptimizerOptions
        {
            /// <summary>The momentum factor, >= 0.</summary>
            public double? momentum;
            /// <summary>Dampening of the momentum.</summary>
            public double? dampening;
            /// <summary>L2 penalty added to the gradient, >= 0.</summary>
            public double? weight_decay;
            /// <summary>Use Nesterov momentum.</summary>
            public bool? nesterov;
            /// <summary>Maximize the objective.</summary>
            public bool? maximize;

            /// <inheritdoc />
            public override void SaveStateDict(BinaryWriter writer)
            {
                base.SaveStateDict(writer);
                writer.Write(Require(momentum, nameof(momentum)));
                writer.Write(Require(dampening, nameof(dampening)));
                writer.Write(Require(weight_decay, nameof(weight_decay)));
                writer.Write(Require(nesterov, nameof(nesterov)));
                writer.Write(Require(maximize, nameof(maximize)));
            }

            /// <inheritdoc />
            public override void LoadStateDict(BinaryReader reader)
            {
                base.LoadStateDict(reader);
                momentum = reader.ReadDouble();
                dampening = reader.ReadDouble();
                weight_decay = reader.ReadDouble();
                nesterov = reader.ReadBoolean();
                maximize = reader.ReadBoolean();
            }

            /// <inheritdoc />
            public override void LoadStateDict(OptimizerOptions source)
            {
                base.LoadStateDict(source);
                var o = (Options)source;
                momentum = o.momentum;
                dampening = o.dampening;
                weight_decay = o.weight_decay;
                nesterov = o.nesterov;
                maximize = o.maximize;
            }

            internal override void Check(OptimizerOptions defaults)
            {
                base.Check(defaults);
                var d = (Options)defaults;
                var m = momentum ?? d.momentum ?? 0;
                var damp = dampening ?? d.dampening ?? 0;
                OptimizerChecks.NonNegative(m, "momentum");
                if (!double.IsFinite(damp)) throw new ArgumentOutOfRangeException("dampening", damp, "dampening must be a finite number");
                OptimizerChecks.NonNegative(weight_decay ?? d.weight_decay ?? 0, "weight_decay");
                if ((nesterov ?? d.nesterov ?? false) && (m <= 0 || damp != 0))
                    throw new ArgumentException($"Nesterov momentum needs a momentum > 0 and zero dampening (got momentum {m}, dampening {damp})", "nesterov");
            }

            internal override void FillFrom(OptimizerOptions defaults)
            {
                base.FillFrom(defaults);
                var d = (Options)defaults;
                momentum ??= d.momentum;
                dampening ??= d.dampening;
                weight_decay ??= d.weight_decay;
                nesterov ??= d.nesterov;
                maximize ??= d.maximize;
            }
        }

        /// <summary>A group of parameters optimized by SGD with its own options.</summary>
        public class ParamGroup : ParamGroup<Options>, IMomentum
        {
            /// <summary>An empty group; set <see cref="Modules.ParamGroup.Parameters"/> before adding it.</summary>
            public ParamGroup() { }

            /// <summary>A group with <paramref name="options"/> (null fields take the optimizer's defaults).</summary>
            public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

            /// <summary>A group with every option given (as in TorchSharp, these values override the optimizer's defaults).</summary>
            /// <param name="parameters">The parameters of the group.</param>
            /// <param name="lr">The learning rate (default 1e-3).</param>
            /// <param name="momentum">The momentum factor (default 0).</param>
            /// <param name="dampening">Dampening of the momentum (default 0).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="nesterov">Use Nesterov momentum.</param>
            /// <param name="maximize">Maximize the objective.</param>
            public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-3, double momentum = 0.0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false, bool maximize = false)
                : base(parameters, new Options
                {
                    LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay,
                    nesterov = nesterov, maximize = maximize,
                })
            {
            }

            /// <summary>The group's momentum factor (one-cycle schedules set it every step).</summary>
            /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
            /// <exception cref="InvalidOperationException">Read before the group has a momentum.</exception>
            public double Momentum
            {
                get => Options?.momentum ?? throw new InvalidOperationException("the group has no momentum yet; add it to an optimizer first");
                set
                {
                    OptimizerChecks.NonNegative(value, nameof(Momentum));
                    EnsureOptions().momentum = value;
                }
            }
        }
    }
}
