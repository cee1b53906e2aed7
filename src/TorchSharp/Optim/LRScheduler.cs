namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedulers: they set each parameter group's learning rate (and some its momentum)
        /// every time <see cref="LRScheduler.step()"/> is called.</summary>
        public static partial class lr_scheduler
        {
            /// <summary>Base class of the learning-rate schedulers. The constructor of a scheduler already takes the
            /// first step (epoch 0), as in PyTorch.</summary>
            public abstract class LRScheduler
            {
                /// <summary>A scheduler not yet bound to an optimizer (for schedulers that wrap others).</summary>
                protected LRScheduler()
                {
                    _optimizer = null!;
                    _last_lrs = new List<double>();
                    _base_lrs = new List<double>();
                }

                /// <summary>A scheduler of <paramref name="optimizer"/>'s groups, starting from their initial learning rates.</summary>
                /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
                /// <param name="last_epoch">The index of the last epoch when resuming; -1 (default) starts afresh.</param>
                /// <param name="verbose">Print a line each time a learning rate changes.</param>
                /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
                /// <exception cref="ArgumentOutOfRangeException"><paramref name="last_epoch"/> is less than -1.</exception>
                protected LRScheduler(Optimizer optimizer, int last_epoch = -1, bool verbose = false)
                {
                    ArgumentNullException.ThrowIfNull(optimizer);
                    if (last_epoch < -1) throw new ArgumentOutOfRangeException(nameof(last_epoch), last_epoch, "last_epoch must be -1 (start afresh) or a completed epoch index >= 0");
                    _optimizer = optimizer;
                    _last_epoch = last_epoch;
                    _verbose = verbose;
                    _base_lrs = optimizer.ParamGroups.Select(pg => pg.InitialLearningRate).ToList();
                    _last_lrs = optimizer.ParamGroups.Select(pg => pg.LearningRate).ToList();
                }

                /// <summary>Advances the schedule by one step (an epoch or a batch, as the scheduler is used) and sets the learning rates.</summary>
                public virtual void step() => step(null);

                /// <summary>Advances the schedule to <paramref name="epoch"/> (closed-form where the scheduler has one), or by one step when null.</summary>
                /// <exception cref="InvalidOperationException">The schedule has no value for that step; nothing changes then.</exception>
                public virtual void step(int? epoch)
                {
                    var next = epoch ?? _last_epoch + 1;
                    CheckNextEpoch(next);
                    _step_count += 1;
                    _last_epoch = next;
                    // get_lr() may change the optimizer (momentum), so it is called exactly once per step.
                    var lrs = (epoch.HasValue ? get_closed_form_lr() : get_lr()).ToList();
                    var groups = _optimizer.ParamGroups.ToList();
                    for (var i = 0; i < _base_lrs.Count; i++)
                    {
                        groups[i].LearningRate = lrs[i];
                        if (_verbose && _last_lrs[i] != lrs[i])
                            Console.WriteLine($"Adjusting learning rate of group {i} to {lrs[i]:0.0000e+00}.");
                        _last_lrs[i] = lrs[i];
                    }
                }

                /// <summary>Advances the schedule; <paramref name="current"/> (a metric) is ignored by schedulers that do not use one.</summary>
                public virtual void step(double current, int? epoch = null) => step(epoch);

                /// <summary>The learning rate of each group at the current <c>_last_epoch</c>.</summary>
                protected virtual IEnumerable<double> get_lr() => _optimizer.ParamGroups.Select(pg => pg.LearningRate);

                /// <summary>The learning rate of each group at the current epoch, computed from the initial rates alone.</summary>
                protected virtual IEnumerable<double> get_closed_form_lr() => get_lr();

                /// <summary>The learning rates set by the last step, one per parameter group.</summary>
                public IEnumerable<double> get_last_lr() => _last_lrs.ToList();

                /// <summary>Throws before any state changes when the schedule cannot advance to <paramref name="epoch"/>.</summary>
                private protected virtual void CheckNextEpoch(int epoch) { }

                internal Optimizer _optimizer;
                internal int _last_epoch = -1;
                internal bool _verbose;

                /// <summary>How many times <see cref="step()"/> has run, the constructor's step included.</summary>
                protected int _step_count;

                internal IList<double> _last_lrs;
                internal IList<double> _base_lrs;
            }

            /// <summary>Decays each group's learning rate by <paramref name="gamma"/> every <paramref name="step_size"/> epochs.</summary>
            /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
            /// <param name="step_size">The period of the decay, in epochs (steps of the scheduler); at least 1.</param>
            /// <param name="gamma">The multiplicative decay factor (default 0.1); finite and >= 0.</param>
            /// <param name="last_epoch">The index of the last epoch when resuming (default -1: start afresh).</param>
            /// <param name="verbose">Print a line each time a learning rate changes.</param>
            /// <exception cref="ArgumentOutOfRangeException"><paramref name="step_size"/> &lt; 1 or <paramref name="gamma"/> negative or not finite.</exception>
            public static LRScheduler StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new impl.StepLR(optimizer, step_size, gamma, last_epoch, verbose);

            /// <summary>The 1cycle policy (Smith &amp; Topin): the learning rate rises from max_lr/div_factor to
            /// <paramref name="max_lr"/> over the first <paramref name="pct_start"/> of the steps, then anneals to
            /// max_lr/(div_factor·final_div_factor); momentum (SGD's momentum or Adam's beta1) moves the opposite way between
            /// <paramref name="max_momentum"/> and <paramref name="base_momentum"/>. Call <see cref="LRScheduler.step()"/> after every batch.</summary>
            /// <param name="optimizer">The optimizer whose learning rates (and momenta) are scheduled.</param>
            /// <param name="max_lr">The peak learning rate of every group.</param>
            /// <param name="total_steps">The number of steps of the cycle; -1 to use <paramref name="epochs"/> × <paramref name="steps_per_epoch"/>.</param>
            /// <param name="epochs">The number of epochs (with <paramref name="steps_per_epoch"/>) when <paramref name="total_steps"/> is -1.</param>
            /// <param name="steps_per_epoch">The number of steps per epoch (with <paramref name="epochs"/>).</param>
            /// <param name="pct_start">The fraction of the cycle spent raising the learning rate, in [0, 1] (default 0.3).</param>
            /// <param name="anneal_strategy">Cosine (default) or linear annealing.</param>
            /// <param name="cycle_momentum">Cycle momentum inversely to the learning rate (default true).</param>
            /// <param name="base_momentum">The lowest momentum, reached with the peak learning rate (default 0.85).</param>
            /// <param name="max_momentum">The highest momentum, at the start and end of the cycle (default 0.95).</param>
            /// <param name="div_factor">initial_lr = max_lr / div_factor (default 25).</param>
            /// <param name="final_div_factor">min_lr = initial_lr / final_div_factor (default 1e4).</param>
            /// <param name="three_phase">Use a third phase that anneals from initial_lr to min_lr (default false).</param>
            /// <param name="last_epoch">The index of the last step when resuming (default -1: start afresh).</param>
            /// <param name="verbose">Print a line each time a learning rate changes.</param>
            /// <exception cref="ArgumentException">No step count given, or an argument out of range; nothing changes then.</exception>
            public static LRScheduler OneCycleLR(Optimizer optimizer,
                double max_lr,
                int total_steps = -1,
                int epochs = -1,
                int steps_per_epoch = -1,
                double pct_start = 0.3,
                impl.OneCycleLR.AnnealStrategy anneal_strategy = impl.OneCycleLR.AnnealStrategy.Cos,
                bool cycle_momentum = true,
                double base_momentum = 0.85,
                double max_momentum = 0.95,
                double div_factor = 25,
                double final_div_factor = 1e4,
                bool three_phase = false,
                int last_epoch = -1, bool verbose = false) =>
                new impl.OneCycleLR(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                    base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch, verbose);

            /// <summary>The 1cycle policy with one peak learning rate (and optionally momenta) per parameter group;
            /// see the overload taking one <c>max_lr</c>.</summary>
            /// <param name="optimizer">The optimizer whose learning rates (and momenta) are scheduled.</param>
            /// <param name="max_lr">The peak learning rate of each group.</param>
            /// <param name="total_steps">The number of steps of the cycle; -1 to use <paramref name="epochs"/> × <paramref name="steps_per_epoch"/>.</param>
            /// <param name="epochs">The number of epochs (with <paramref name="steps_per_epoch"/>) when <paramref name="total_steps"/> is -1.</param>
            /// <param name="steps_per_epoch">The number of steps per epoch (with <paramref name="epochs"/>).</param>
            /// <param name="pct_start">The fraction of the cycle spent raising the learning rate, in [0, 1] (default 0.3).</param>
            /// <param name="anneal_strategy">Cosine (default) or linear annealing.</param>
            /// <param name="cycle_momentum">Cycle momentum inversely to the learning rate (default true).</param>
            /// <param name="base_momentum">The lowest momentum of each group (null: 0.85 each).</param>
            /// <param name="max_momentum">The highest momentum of each group (null: 0.95 each).</param>
            /// <param name="div_factor">initial_lr = max_lr / div_factor (default 25).</param>
            /// <param name="final_div_factor">min_lr = initial_lr / final_div_factor (default 1e4).</param>
            /// <param name="three_phase">Use a third phase that anneals from initial_lr to min_lr (default false).</param>
            /// <param name="last_epoch">The index of the last step when resuming (default -1: start afresh).</param>
            /// <param name="verbose">Print a line each time a learning rate changes.</param>
            /// <exception cref="ArgumentException">No step count given, a list whose length is not the number of groups,
            /// or an argument out of range; nothing changes then.</exception>
            public static LRScheduler OneCycleLR(Optimizer optimizer,
                IEnumerable<double> max_lr,
                int total_steps = -1,
                int epochs = -1,
                int steps_per_epoch = -1,
                double pct_start = 0.3,
                impl.OneCycleLR.AnnealStrategy anneal_strategy = impl.OneCycleLR.AnnealStrategy.Cos,
                bool cycle_momentum = true,
                IEnumerable<double>? base_momentum = null,
                IEnumerable<double>? max_momentum = null,
                double div_factor = 25,
                double final_div_factor = 1e4,
                bool three_phase = false,
                int last_epoch = -1, bool verbose = false) =>
                new impl.OneCycleLR(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                    base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch, verbose);

            /// <summary>The scheduler classes behind the factory functions.</summary>
            public static partial class impl { }
        }
    }
}
