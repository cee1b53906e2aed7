namespace FasterSharp.Learning;

/// <summary>Sets the learning rate and momentum of every parameter group before each training batch from
/// fastai's one-cycle schedule (cosine annealing in two phases), as <see cref="Learner.FitOneCycle"/> uses it.</summary>
public sealed class OneCycleScheduler : Callback
{
    private OneCycleScheduler(double maxLr, double divFactor, double finalDiv, double pctStart, (double Start, double Middle, double End) moms)
    {
        MaxLr = maxLr;
        DivFactor = divFactor;
        FinalDiv = finalDiv;
        PctStart = pctStart;
        Moms = moms;
    }

    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range (see parameters of <see cref="Learner.FitOneCycle"/>).</exception>
    public static OneCycleScheduler Create(double maxLr, double divFactor = 25, double finalDiv = 1e5, double pctStart = 0.25,
        (double Start, double Middle, double End)? moms = null)
    {
        if (!(maxLr > 0) || !double.IsFinite(maxLr)) throw new ArgumentOutOfRangeException(nameof(maxLr), maxLr, "must be positive and finite");
        if (!(divFactor > 0) || !double.IsFinite(divFactor)) throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, "must be positive and finite");
        if (!double.IsFinite(maxLr / divFactor) || !(maxLr / divFactor > 0))
            throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, $"the initial learning rate maxLr / divFactor = {maxLr / divFactor} must be positive and finite");
        if (!(finalDiv > 0) || !double.IsFinite(finalDiv)) throw new ArgumentOutOfRangeException(nameof(finalDiv), finalDiv, "must be positive and finite");
        if (!double.IsFinite(maxLr / finalDiv) || !(maxLr / finalDiv > 0))
            throw new ArgumentOutOfRangeException(nameof(finalDiv), finalDiv, $"the final learning rate maxLr / finalDiv = {maxLr / finalDiv} must be positive and finite");
        if (!(pctStart >= 0 && pctStart <= 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "must be in [0, 1]");
        var m = moms ?? (0.95, 0.85, 0.95);
        foreach (var v in new[] { m.Start, m.Middle, m.End })
            if (!(v >= 0 && v < 1)) throw new ArgumentOutOfRangeException(nameof(moms), v, "momentum values must be in [0, 1)");
        return new OneCycleScheduler(maxLr, divFactor, finalDiv, pctStart, m);
    }

    /// <summary>The peak learning rate.</summary>
    public double MaxLr { get; }
    /// <summary>Start lr = MaxLr / DivFactor.</summary>
    public double DivFactor { get; }
    /// <summary>End lr = MaxLr / FinalDiv.</summary>
    public double FinalDiv { get; }
    /// <summary>Fraction of training in the warm-up phase.</summary>
    public double PctStart { get; }
    /// <summary>Momentum at the start, at the peak, and at the end.</summary>
    public (double Start, double Middle, double End) Moms { get; }

    /// <inheritdoc />
    public override int Order => -20;

    /// <summary>fastai's cosine annealing from <paramref name="start"/> to <paramref name="end"/> at position p in [0, 1].</summary>
    public static double Cosine(double start, double end, double p) => start + (1 + Math.Cos(Math.PI * (1 - p))) * (end - start) / 2;

    /// <summary>The learning rate at training progress <paramref name="pct"/> (0 → 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pct"/> is outside [0, 1] or NaN.</exception>
    public double LearningRateAt(double pct) => TwoPhase(pct, MaxLr / DivFactor, MaxLr, MaxLr / FinalDiv);

    /// <summary>The momentum at training progress <paramref name="pct"/> (0 → 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pct"/> is outside [0, 1] or NaN.</exception>
    public double MomentumAt(double pct) => TwoPhase(pct, Moms.Start, Moms.Middle, Moms.End);

    private double TwoPhase(double pct, double start, double middle, double end)
    {
        if (!(pct >= 0 && pct <= 1)) throw new ArgumentOutOfRangeException(nameof(pct), pct, "training progress must be in [0, 1]");
        if (pct < PctStart) return Cosine(start, middle, PctStart == 0 ? 1 : pct / PctStart);
        return Cosine(middle, end, PctStart >= 1 ? 1 : (pct - PctStart) / (1 - PctStart));
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (!learn.Training || learn.Optimizer is null) return;
        OptimizerHyperParameters.SetLearningRate(learn.Optimizer, LearningRateAt(learn.PctTrain));
        OptimizerHyperParameters.SetMomentum(learn.Optimizer, MomentumAt(learn.PctTrain));
    }
}
