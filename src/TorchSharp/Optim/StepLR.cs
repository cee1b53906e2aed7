namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            public static partial class impl
            {
                /// <summary>Decays each group's learning rate by gamma every step_size epochs:
                /// lr = initial_lr · gamma^⌊epoch / step_size⌋ (applied multiplicatively, so changes made to the
                /// learning rate from outside the scheduler are kept).</summary>
                public class StepLR : LRScheduler
                {
                    private readonly int _step_size;
                    private readonly double _gamma;

                    /// <summary>Creates the scheduler and sets epoch 0's learning rates.</summary>
                    /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
                    /// <param name="step_size">The period of the decay, in epochs; at least 1.</param>
                    /// <param name="gamma">The multiplicative decay factor (default 0.1); finite and >= 0.</param>
                    /// <param name="last_epoch">The index of the last epoch when resuming (default -1: start afresh).</param>
                    /// <param name="verbose">Print a line each time a learning rate changes.</param>
                    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
                    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step_size"/> &lt; 1, <paramref name="gamma"/>
                    /// negative or not finite, or <paramref name="last_epoch"/> &lt; -1.</exception>
                    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (step_size < 1) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be at least 1");
                        if (!(gamma >= 0) || double.IsPositiveInfinity(gamma))
                            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a finite number >= 0");
                        _step_size = step_size;
                        _gamma = gamma;
                        step();
                    }

                    /// <summary>The current learning rates, multiplied by gamma when an epoch that is a multiple of step_size begins.</summary>
                    protected override IEnumerable<double> get_lr() =>
                        _last_epoch == 0 || _last_epoch % _step_size != 0
                            ? _optimizer.ParamGroups.Select(pg => pg.LearningRate)
                            : _optimizer.ParamGroups.Select(pg => pg.LearningRate * _gamma);

                    /// <summary>initial_lr · gamma^⌊epoch / step_size⌋.</summary>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * Math.Pow(_gamma, Math.Floor((double)_last_epoch / _step_size)));

                    private protected override void CheckNextEpoch(int epoch)
                    {
                        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "the epoch must be >= 0");
                    }
                }
            }
        }
    }
}
