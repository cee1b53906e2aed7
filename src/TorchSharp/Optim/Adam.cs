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
            /// <summary>The Adam algorithm (Kingma &amp; Ba, 2014) with PyTorch 1.13's update rule; weight decay is an L2 penalty added to the gradient.</summary>
            /// <param name="parameters">The parameters to optimize.</param>
            /// <param name="lr">The learning rate (default 1e-3); finite and >= 0.</param>
            /// <param name="beta1">The coefficient of the running average of the gradient (default 0.9), in [0, 1).</param>
            /// <param name="beta2">The coefficient of the running average of the squared gradient (default 0.999), in [0, 1).</param>
            /// <param name="eps">Added to the denominator for numerical stability (default 1e-8), >= 0.</param>
            /// <param name="weight_decay">L2 penalty (default 0), >= 0.</param>
            /// <param name="amsgrad">Use the AMSGrad variant (default false).</param>
            /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
            /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
            public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Adam over named parameters (the names are ignored).</summary>
            /// <param name="parameters">The named parameters to optimize, e.g. <c>module.named_parameters()</c>.</param>
            /// <param name="lr">The learning rate (default 1e-3); finite and >= 0.</param>
            /// <param name="beta1">The coefficient of the running average of the gradient (default 0.9), in [0, 1).</param>
            /// <param name="beta2">The coefficient of the running average of the squared gradient (default 0.999), in [0, 1).</param>
            /// <param name="eps">Added to the denominator for numerical stability (default 1e-8), >= 0.</param>
            /// <param name="weight_decay">L2 penalty (default 0), >= 0.</param>
            /// <param name="amsgrad">Use the AMSGrad variant (default false).</param>
            /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
            /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
            public static Adam Adam(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return new(parameters.Select(np => np.parameter), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
            }

            /// <summary>Adam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            /// <param name="parameters">The parameter groups.</param>
            /// <param name="lr">The default learning rate (default 1e-3).</param>
            /// <param name="beta1">The default beta1 (default 0.9).</param>
            /// <param name="beta2">The default beta2 (default 0.999).</param>
            /// <param name="eps">The default eps (default 1e-8).</param>
            /// <param name="weight_decay">The default L2 penalty (default 0).</param>
            /// <param name="amsgrad">Use AMSGrad by default.</param>
            /// <param name="maximize">Maximize the objective by default.</param>
            /// <exception cref="ArgumentException">An option is out of range, or a group is empty or repeats a parameter.</exception>
            public static Adam Adam(IEnumerable<Modules.Adam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }
}

namespace TorchSharp.Modules
{
    /// <summary>The Adam algorithm, updating exactly as PyTorch 1.13's <c>torch.optim.Adam</c>: g = ±grad + wd·p;
    /// m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; (AMSGrad: v̂ = max(v̂, v)); p −= lr/(1 − β1^t) · m / (√v/√(1 − β2^t) + eps).</summary>
    public class Adam : OptimizerHelper, IBetas
    {
        /// <summary>Adam over one group of parameters.</summary>
        /// <param name="parameters">The parameters to optimize.</param>
        /// <param name="lr">The learning rate (default 1e-3); finite and >= 0.</param>
        /// <param name="beta1">The coefficient of the running average of the gradient (default 0.9), in [0, 1).</param>
        /// <param name="beta2">The coefficient of the running average of the squared gradient (default 0.999), in [0, 1).</param>
        /// <param name="eps">Added to the denominator for numerical stability (default 1e-8), >= 0.</param>
        /// <param name="weight_decay">L2 penalty (default 0), >= 0.</param>
        /// <param name="amsgrad">Use the AMSGrad variant (default false).</param>
        /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
        /// <exception cref="ArgumentException">An option is out of range, or the parameter list is empty or repeats a parameter.</exception>
        public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            : this(new[] { new ParamGroup { Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters)) } },
                lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
        {
        }

        /// <summary>Adam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
        /// <param name="parameters">The parameter groups.</param>
        /// <param name="lr">The default learning rate (default 1e-3).</param>
        /// <param name="beta1">The default beta1 (default 0.9).</param>
        /// <param name="beta2">The default beta2 (default 0.999).</param>
        /// <param name="eps">The default eps (default 1e-8).</param>
        /// <param name="weight_decay">The default L2 penalty (default 0).</param>
        /// <param name="amsgrad">Use AMSGrad by default.</param>
        /// <param name="maximize">Maximize the objective by default.</param>
        /// <exception cref="ArgumentException">An option is out of range, or a group is empty or repeats a parameter.</exception>
        public Adam(IEnumerable<ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            : base(AdamOptions.CheckedDefaults(new Options(), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize))
        {
            AddInitialGroups(parameters, nameof(parameters));
        }

        private protected override Type GroupType => typeof(ParamGroup);

        private protected override OptimizerState CreateState(Parameter parameter, OptimizerOptions options)
        {
            var state = new State(parameter);
            state.Initialize(options);
            return state;
        }

        private protected override void UpdateParameter(Parameter parameter, Tensor grad, OptimizerState state, OptimizerOptions options)
        {
            var s = (State)state;
            var o = (AdamOptions)options;
            if (o.amsgrad == true && s.max_exp_avg_sq is null)
                s.max_exp_avg_sq = OptimizerMath.ZerosLike(parameter).DetachFromDisposeScope();
            s.step += 1;
            AdamUpdate.Apply(parameter, grad, o, s.step, s.exp_avg!, s.exp_avg_sq!, s.max_exp_avg_sq, decoupled: false);
        }

        /// <summary>The default betas (for groups added later). Each group's own betas are <see cref="ParamGroup.Betas"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1).</exception>
        public (double, double) Betas
        {
            get => ((Options)_defaults).Betas;
            set => ((Options)_defaults).Betas = value;
        }

        /// <summary>The state Adam keeps for one parameter.</summary>
        public sealed class State : AdamState
        {
            /// <summary>The empty state of <paramref name="parameter"/>; <see cref="OptimizerState.Initialize"/> creates its tensors.</summary>
            public State(Parameter parameter) : base(parameter) { }
        }

        /// <summary>The options of an Adam parameter group; null fields take the optimizer's defaults.</summary>
        public class Options : AdamOptions { }

        /// <summary>A group of parameters optimized by Adam with its own options.</summary>
        public class ParamGroup : ParamGroup<Options>, IBetas
        {
            /// <summary>An empty group; set <see cref="Modules.ParamGroup.Parameters"/> before adding it.</summary>
            public ParamGroup() { }

            /// <summary>A group with <paramref name="options"/> (null fields take the optimizer's defaults).</summary>
            public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

            /// <summary>A group with every option given (as in TorchSharp, these values override the optimizer's defaults).</summary>
            /// <param name="parameters">The parameters of the group.</param>
            /// <param name="lr">The learning rate (default 1e-3).</param>
            /// <param name="beta1">beta1 (default 0.9).</param>
            /// <param name="beta2">beta2 (default 0.999).</param>
            /// <param name="eps">eps (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="amsgrad">Use AMSGrad.</param>
            /// <param name="maximize">Maximize the objective.</param>
            public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                : base(parameters, new Options
                {
                    LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize,
                })
            {
            }

            /// <summary>The group's betas (one-cycle schedules set beta1 every step).</summary>
            /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1).</exception>
            public (double, double) Betas
            {
                get => (Options ?? throw new InvalidOperationException("the group has no options yet; add it to an optimizer first")).Betas;
                set => EnsureOptions().Betas = value;
            }
        }
    }
}
