using static TorchSharp.torch.optim;

namespace FasterSharp.Learning;

/// <summary>Reads and sets the hyper-parameters that schedules drive, on every parameter group.</summary>
public static class OptimizerHyperParameters
{
    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(Optimizer optimizer, double lr)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <summary>The learning rate of the first parameter group.</summary>
    public static double GetLearningRate(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer.ParamGroups.First().LearningRate;
    }

    /// <summary>Sets the momentum of every group: SGD's momentum, or Adam's first beta. Groups with neither are left alone.</summary>
    public static void SetMomentum(Optimizer optimizer, double momentum)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var group in optimizer.ParamGroups)
        {
            if (group is IBetas betas) betas.Betas = (momentum, betas.Betas.Item2);
            else if (group is IMomentum m) m.Momentum = momentum;
        }
    }
}
