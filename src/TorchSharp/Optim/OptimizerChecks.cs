namespace TorchSharp.Modules;

/// <summary>The argument checks shared by optimizers and their parameter groups.</summary>
internal static class OptimizerChecks
{
    internal static void LearningRate(double lr, string name)
    {
        if (!(lr >= 0) || double.IsPositiveInfinity(lr))
            throw new ArgumentOutOfRangeException(name, lr, "the learning rate must be a finite number >= 0");
    }

    internal static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0");
    }

    internal static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1)");
    }
}
