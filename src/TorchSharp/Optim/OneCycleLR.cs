namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            public static partial class impl
            {
                /// <summary>The 1cycle learning-rate policy, as PyTorch 1.13's <c>OneCycleLR</c>: the learning rate
                /// anneals from initial_lr = max_lr/div_factor up to max_lr over the first pct_start·total_steps − 1 steps,
                /// then down to min_lr = initial_lr/final_div_factor at step total_steps − 1; with
                /// <c>cycle_momentum</c>, each group's momentum (SGD) or beta1 (Adam, AdamW) anneals the opposite way
                /// between max_momentum and base_momentum. A phase of zero length (PyTorch divides by zero there) is
                /// taken as finished. Call <see cref="LRScheduler.step()"/> after every optimizer step, at most total_steps times.</summary>
                public class OneCycleLR : LRScheduler
                {
                    /// <summary>How values move between the ends of a phase.</summary>
                    public enum AnnealStrategy
                    {
                        /// <summary>Cosine: end + (start − end)/2 · (cos(π·pct) + 1).</summary>
                        Cos,
                        /// <summary>Linear: start + (end − start)·pct.</summary>
                        Linear,
                    }

                    private sealed record Phase(double EndStep, double[] StartLr, double[] EndLr, double[] StartMomentum, double[] EndMomentum);

                    private readonly int _total_steps;
                    private readonly AnnealStrategy _anneal_strategy;
                    private readonly bool _cycle_momentum;
                    private readonly Phase[] _phases;

                    /// <summary>Creates the scheduler with one peak learning rate for every group; see
                    /// <see cref="lr_scheduler.OneCycleLR(Optimizer, double, int, int, int, double, AnnealStrategy, bool, double, double, double, double, bool, int, bool)"/>.</summary>
                    /// <param name="optimizer">The optimizer whose learning rates (and momenta) are scheduled.</param>
                    /// <param name="max_lr">The peak learning rate.</param>
                    /// <param name="total_steps">The number of steps of the cycle, or -1 to use epochs × steps_per_epoch.</param>
                    /// <param name="epochs">The number of epochs when total_steps is -1.</param>
                    /// <param name="steps_per_epoch">The number of steps per epoch when total_steps is -1.</param>
                    /// <param name="pct_start">The fraction of the cycle spent raising the learning rate, in [0, 1].</param>
                    /// <param name="anneal_strategy">Cosine or linear annealing.</param>
                    /// <param name="cycle_momentum">Cycle momentum inversely to the learning rate.</param>
                    /// <param name="base_momentum">The lowest momentum.</param>
                    /// <param name="max_momentum">The highest momentum.</param>
                    /// <param name="div_factor">initial_lr = max_lr / div_factor.</param>
                    /// <param name="final_div_factor">min_lr = initial_lr / final_div_factor.</param>
                    /// <param name="three_phase">Add a third phase annealing from initial_lr to min_lr.</param>
                    /// <param name="last_epoch">The index of the last step when resuming (-1: start afresh).</param>
                    /// <param name="verbose">Print a line each time a learning rate changes.</param>
                    /// <exception cref="ArgumentException">An argument is out of range; nothing changes then.</exception>
                    public OneCycleLR(Optimizer optimizer, double max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1,
                        double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos, bool cycle_momentum = true,
                        double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
                        bool three_phase = false, int last_epoch = -1, bool verbose = false)
                        : this(optimizer, Repeat(optimizer, max_lr), total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy,
                            cycle_momentum, Repeat(optimizer, base_momentum), Repeat(optimizer, max_momentum), div_factor, final_div_factor,
                            three_phase, last_epoch, verbose)
                    {
                    }

                    /// <summary>Creates the scheduler with one peak learning rate (and optionally momenta) per group.</summary>
                    /// <param name="optimizer">The optimizer whose learning rates (and momenta) are scheduled.</param>
                    /// <param name="max_lr">The peak learning rate of each group.</param>
                    /// <param name="total_steps">The number of steps of the cycle, or -1 to use epochs × steps_per_epoch.</param>
                    /// <param name="epochs">The number of epochs when total_steps is -1.</param>
                    /// <param name="steps_per_epoch">The number of steps per epoch when total_steps is -1.</param>
                    /// <param name="pct_start">The fraction of the cycle spent raising the learning rate, in [0, 1].</param>
                    /// <param name="anneal_strategy">Cosine or linear annealing.</param>
                    /// <param name="cycle_momentum">Cycle momentum inversely to the learning rate.</param>
                    /// <param name="base_momentum">The lowest momentum of each group (null: 0.85).</param>
                    /// <param name="max_momentum">The highest momentum of each group (null: 0.95).</param>
                    /// <param name="div_factor">initial_lr = max_lr / div_factor.</param>
                    /// <param name="final_div_factor">min_lr = initial_lr / final_div_factor.</param>
                    /// <param name="three_phase">Add a third phase annealing from initial_lr to min_lr.</param>
                    /// <param name="last_epoch">The index of the last step when resuming (-1: start afresh).</param>
                    /// <param name="verbose">Print a line each time a learning rate changes.</param>
                    /// <exception cref="ArgumentException">An argument is out of range or a list's length is not the number
                    /// of parameter groups; nothing changes then.</exception>
                    public OneCycleLR(Optimizer optimizer, IEnumerable<double> max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1,
                        double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos, bool cycle_momentum = true,
                        IEnumerable<double>? base_momentum = null, IEnumerable<double>? max_momentum = null, double div_factor = 25,
                        double final_div_factor = 1e4, bool three_phase = false, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        var groups = optimizer.ParamGroups.ToList();
                        var n = groups.Count;

                        if (total_steps == -1 && epochs == -1 && steps_per_epoch == -1)
                            throw new ArgumentException("give either total_steps or both epochs and steps_per_epoch", nameof(total_steps));
                        if (total_steps != -1)
                        {
                            if (total_steps <= 0) throw new ArgumentOutOfRangeException(nameof(total_steps), total_steps, "total_steps must be a positive integer");
                            _total_steps = total_steps;
                        }
                        else
                        {
                            if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be a positive integer");
                            if (steps_per_epoch <= 0) throw new ArgumentOutOfRangeException(nameof(steps_per_epoch), steps_per_epoch, "steps_per_epoch must be a positive integer");
                            if ((long)epochs * steps_per_epoch > int.MaxValue)
                                throw new ArgumentOutOfRangeException(nameof(steps_per_epoch), steps_per_epoch, $"epochs × steps_per_epoch exceeds {int.MaxValue}");
                            _total_steps = epochs * steps_per_epoch;
                        }
                        if (!(pct_start >= 0 && pct_start <= 1)) throw new ArgumentOutOfRangeException(nameof(pct_start), pct_start, "pct_start must be in [0, 1]");
                        if (!Enum.IsDefined(anneal_strategy)) throw new ArgumentOutOfRangeException(nameof(anneal_strategy), anneal_strategy, "anneal_strategy must be Cos or Linear");
                        CheckPositive(div_factor, nameof(div_factor));
                        CheckPositive(final_div_factor, nameof(final_div_factor));
                        var maxLrs = PerGroup(max_lr, n, nameof(max_lr));
                        foreach (var lr in maxLrs)
                            if (!(lr >= 0) || double.IsPositiveInfinity(lr)) throw new ArgumentOutOfRangeException(nameof(max_lr), lr, "max_lr must be a finite number >= 0");
                        var baseMomenta = base_momentum is null ? Enumerable.Repeat(0.85, n).ToArray() : PerGroup(base_momentum, n, nameof(base_momentum));
                        var maxMomenta = max_momentum is null ? Enumerable.Repeat(0.95, n).ToArray() : PerGroup(max_momentum, n, nameof(max_momentum));
                        if (cycle_momentum)
                        {
                            for (var i = 0; i < n; i++)
                            {
                                if (groups[i] is not (IMomentum or IBetas))
                                    throw new ArgumentException($"parameter group {i} has neither momentum nor betas, so its momentum cannot be cycled; pass cycle_momentum: false", nameof(optimizer));
                                CheckMomentum(baseMomenta[i], groups[i] is IBetas, nameof(base_momentum));
                                CheckMomentum(maxMomenta[i], groups[i] is IBetas, nameof(max_momentum));
                            }
                        }

                        var initialLrs = maxLrs.Select(lr => lr / div_factor).ToArray();
                        var minLrs = initialLrs.Select(lr => lr / final_div_factor).ToArray();
                        _anneal_strategy = anneal_strategy;
                        _cycle_momentum = cycle_momentum;
                        _phases = three_phase
                            ? new[]
                            {
                                new Phase(pct_start * _total_steps - 1, initialLrs, maxLrs, maxMomenta, baseMomenta),
                                new Phase(2 * pct_start * _total_steps - 2, maxLrs, initialLrs, baseMomenta, maxMomenta),
                                new Phase(_total_steps - 1, initialLrs, minLrs, maxMomenta, maxMomenta),
                            }
                            : new[]
                            {
                                new Phase(pct_start * _total_steps - 1, initialLrs, maxLrs, maxMomenta, baseMomenta),
                                new Phase(_total_steps - 1, maxLrs, minLrs, baseMomenta, maxMomenta),
                            };

                        if (last_epoch == -1)
                        {
                            for (var i = 0; i < n; i++)
                            {
                                groups[i].InitialLearningRate = initialLrs[i];
                                _base_lrs[i] = initialLrs[i];
                                if (cycle_momentum) SetMomentum(groups[i], maxMomenta[i]);
                            }
                        }
                        step();
                    }

                    /// <summary>The number of steps of the cycle.</summary>
                    public int TotalSteps => _total_steps;

                    /// <summary>The learning rate of each group at the current step; with cycle_momentum it also sets each
                    /// group's momentum (or beta1) for that step.</summary>
                    protected override IEnumerable<double> get_lr()
                    {
                        var step = (double)_last_epoch;
                        var groups = _optimizer.ParamGroups.ToList();
                        var lrs = new double[groups.Count];
                        for (var i = 0; i < groups.Count; i++)
                        {
                            double start = 0;
                            for (var j = 0; j < _phases.Length; j++)
                            {
                                var phase = _phases[j];
                                if (step <= phase.EndStep || j == _phases.Length - 1)
                                {
                                    var pct = phase.EndStep == start ? 1.0 : (step - start) / (phase.EndStep - start);
                                    lrs[i] = Anneal(phase.StartLr[i], phase.EndLr[i], pct);
                                    if (_cycle_momentum) SetMomentum(groups[i], Anneal(phase.StartMomentum[i], phase.EndMomentum[i], pct));
                                    break;
                                }
                                start = phase.EndStep;
                            }
                        }
                        return lrs;
                    }

                    private protected override void CheckNextEpoch(int epoch)
                    {
                        if (epoch > _total_steps)
                            throw new InvalidOperationException($"tried to step {epoch + 1} times; the one-cycle schedule has total_steps = {_total_steps}");
                        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "the step must be >= 0");
                    }

                    private double Anneal(double start, double end, double pct) => _anneal_strategy == AnnealStrategy.Cos
                        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
                        : (end - start) * pct + start;

                    private static void SetMomentum(ILearningRateController group, double momentum)
                    {
                        if (group is IBetas betas) betas.Betas = (momentum, betas.Betas.Item2);
                        else if (group is IMomentum m) m.Momentum = momentum;
                    }

                    private static IEnumerable<double> Repeat(Optimizer optimizer, double value)
                    {
                        ArgumentNullException.ThrowIfNull(optimizer);
                        return Enumerable.Repeat(value, optimizer.ParamGroups.Count());
                    }

                    private static double[] PerGroup(IEnumerable<double> values, int groups, string name)
                    {
                        ArgumentNullException.ThrowIfNull(values, name);
                        var array = values.ToArray();
                        if (array.Length != groups)
                            throw new ArgumentException($"{name} has {array.Length} values but the optimizer has {groups} parameter groups", name);
                        return array;
                    }

                    private static void CheckPositive(double value, string name)
                    {
                        if (!(value > 0) || double.IsPositiveInfinity(value))
                            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0");
                    }

                    private static void CheckMomentum(double value, bool isBeta, string name)
                    {
                        if (isBeta ? !(value >= 0 && value < 1) : !(value >= 0) || double.IsPositiveInfinity(value))
                            throw new ArgumentOutOfRangeException(name, value, isBeta ? $"{name} is used as beta1, which must be in [0, 1)" : $"{name} must be a finite number >= 0");
                    }
                }
            }
        }
    }
}
