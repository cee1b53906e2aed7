using TorchSharp.Modules;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>Optimization algorithms (<see cref="Modules.SGD"/>, <see cref="Modules.Adam"/>,
    /// <see cref="Modules.AdamW"/>) and learning-rate schedulers (<see cref="lr_scheduler"/>).</summary>
    public static partial class optim
    {
        /// <summary>Base class of all optimizers: holds parameter groups, each with its own options,
        /// and updates their parameters from their gradients in <see cref="step"/>.</summary>
        public abstract partial class Optimizer : IDisposable
        {
            /// <summary>Creates an optimizer with no parameter groups yet.</summary>
            protected Optimizer() { }

            /// <summary>Releases the per-parameter state tensors (momentum buffers, running averages).</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Releases the state tensors when <paramref name="disposing"/> is true.</summary>
            protected virtual void Dispose(bool disposing) { }

            /// <summary>Sets the gradients of all parameters to zero (in place; parameters without a gradient are skipped).</summary>
            public abstract void zero_grad();

            /// <summary>Adds a parameter group, e.g. layers unfrozen during fine-tuning.</summary>
            /// <param name="param_group">The parameters and their options; options left unset take the optimizer's defaults.</param>
            public abstract void add_param_group(ParamGroup param_group);

            /// <summary>Performs one optimization step: updates every parameter that has a gradient.</summary>
            /// <param name="closure">Optional function that re-evaluates the model and returns the loss; it runs with gradients enabled before the update.</param>
            /// <returns>The loss returned by <paramref name="closure"/>, or null without one.</returns>
            public abstract Tensor? step(Func<Tensor>? closure = null);

            /// <summary>The parameters the optimizer updates, group by group.</summary>
            public abstract IEnumerable<Parameter> parameters();

            /// <summary>The parameter groups, through which schedulers read and set each group's learning rate
            /// (cast to <see cref="IMomentum"/> or <see cref="IBetas"/> to reach momentum or betas).</summary>
            public virtual IEnumerable<ILearningRateController> ParamGroups => _parameter_groups;

            /// <summary>The parameter groups in the order they were added.</summary>
            protected IList<ParamGroup> _parameter_groups = new List<ParamGroup>();

            /// <summary>An optimizer's state: per-group options and per-parameter state, in parameter order.
            /// Unlike PyTorch's dictionary it is a record of two lists; its entries are the optimizer's live objects.</summary>
            public class StateDictionary
            {
                internal StateDictionary() { }

                /// <summary>The options (hyper-parameters) of each parameter group.</summary>
                public List<OptimizerOptions> Options { get; } = new();

                /// <summary>The state of each parameter, groups in order.</summary>
                public List<OptimizerState> State { get; } = new();

                /// <summary>For each group, the indices into <see cref="State"/> of its parameters.</summary>
                public List<List<int>> StateIndexRef { get; } = new();
            }
        }

        /// <summary>A parameter group's learning rate, as learning-rate schedulers see it.</summary>
        public interface ILearningRateController
        {
            /// <summary>The current learning rate; must be a non-negative finite number.</summary>
            double LearningRate { set; get; }

            /// <summary>The learning rate the group was created with (schedulers scale it).</summary>
            double InitialLearningRate { set; get; }
        }

        /// <summary>A parameter group (or optimizer) with a momentum factor, which some schedulers cycle.</summary>
        public interface IMomentum
        {
            /// <summary>The momentum factor, non-negative.</summary>
            double Momentum { get; set; }
        }

        /// <summary>A parameter group (or optimizer) with Adam-style betas, whose first beta some schedulers cycle.</summary>
        public interface IBetas
        {
            /// <summary>The coefficients of the running averages of the gradient and of its square, each in [0, 1).</summary>
            (double, double) Betas { get; set; }
        }
    }
}
