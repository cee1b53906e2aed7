using static TorchSharp.torch.optim;

namespace FasterSharp.Learning;

/// <summary>Reads and sets the hyper-parameters that schedules drive, on every parameter group.</summary>
public static class OptimizerHyperParameters
{
    /// <summary>Sets the learning rate of every parameter group.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite.</exception>
    public static void SetLearningRate(Optimizer optimizer, double lr)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(lr >= 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "must be 0 or more and finite");
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <summary>The learning rate of the first parameter group.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no parameter group.</exception>
    public static double GetLearningRate(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var first = optimizer.ParamGroups.FirstOrDefault()
            ?? throw new ArgumentException($"the {optimizer.GetType().Name} has no parameter group", nameof(optimizer));
        return first.LearningRate;
    }

    /// <summary>Sets the momentum of every group: SGD's momentum, or Adam's first beta. Groups with neither are left alone.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1) or NaN.</exception>
    public static void SetMomentum(Optimizer optimizer, double momentum)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "must be in [0, 1)");
        foreach (var group in optimizer.ParamGroups)
        {
            if (group is IBetas betas) betas.Betas = (momentum, betas.Betas.Item2);
            else if (group is IMomentum m) m.Momentum = momentum;
        }
    }

    /// <summary>The momentum of the first parameter group: SGD's momentum, or Adam's first beta; null when the
    /// optimizer has no parameter group or its first group has neither.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    public static double? GetMomentum(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer.ParamGroups?.FirstOrDefault() switch
        {
            IBetas betas => betas.Betas.Item1,
            IMomentum m => m.Momentum,
            _ => null,
        };
    }
}
