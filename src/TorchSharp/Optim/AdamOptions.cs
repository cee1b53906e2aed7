using System.IO;

namespace TorchSharp.Modules;

/// <summary>The options shared by <see cref="Adam"/> and <see cref="AdamW"/> parameter groups; null fields take the
/// optimizer's defaults.</summary>
public abstract class AdamOptions : OptimizerOptions
{
    /// <summary>The coefficient of the running average of the gradient, in [0, 1).</summary>
    public double? beta1;
    /// <summary>The coefficient of the running average of the squared gradient, in [0, 1).</summary>
    public double? beta2;
    /// <summary>The weight decay (Adam: L2 penalty added to the gradient; AdamW: decoupled), >= 0.</summary>
    public double? weight_decay;
    /// <summary>Added to the denominator for numerical stability, >= 0.</summary>
    public double? eps;
    /// <summary>Use the AMSGrad variant.</summary>
    public bool? amsgrad;
    /// <summary>Maximize the objective.</summary>
    public bool? maximize;

    /// <summary>(beta1, beta2); setting checks both are in [0, 1) before changing either.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1).</exception>
    /// <exception cref="InvalidOperationException">Read while a beta is unset.</exception>
    public (double, double) Betas
    {
        get => (Require(beta1, nameof(beta1)), Require(beta2, nameof(beta2)));
        set
        {
            OptimizerChecks.Beta(value.Item1, nameof(beta1));
            OptimizerChecks.Beta(value.Item2, nameof(beta2));
            (beta1, beta2) = value;
        }
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        base.SaveStateDict(writer);
        writer.Write(Require(beta1, nameof(beta1)));
        writer.Write(Require(beta2, nameof(beta2)));
        writer.Write(Require(eps, nameof(eps)));
        writer.Write(Require(weight_decay, nameof(weight_decay)));
        writer.Write(Require(amsgrad, nameof(amsgrad)));
        writer.Write(Require(maximize, nameof(maximize)));
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        base.LoadStateDict(reader);
        beta1 = reader.ReadDouble();
        beta2 = reader.ReadDouble();
        eps = reader.ReadDouble();
        weight_decay = reader.ReadDouble();
        amsgrad = reader.ReadBoolean();
        maximize = reader.ReadBoolean();
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerOptions source)
    {
        base.LoadStateDict(source);
        var o = (AdamOptions)source;
        beta1 = o.beta1;
        beta2 = o.beta2;
        eps = o.eps;
        weight_decay = o.weight_decay;
        amsgrad = o.amsgrad;
        maximize = o.maximize;
    }

    internal override void Check(OptimizerOptions defaults)
    {
        base.Check(defaults);
        var d = (AdamOptions)defaults;
        OptimizerChecks.Beta(beta1 ?? d.beta1 ?? double.NaN, "beta1");
        OptimizerChecks.Beta(beta2 ?? d.beta2 ?? double.NaN, "beta2");
        OptimizerChecks.NonNegative(eps ?? d.eps ?? double.NaN, "eps");
        OptimizerChecks.NonNegative(weight_decay ?? d.weight_decay ?? 0, "weight_decay");
    }

    internal override void FillFrom(OptimizerOptions defaults)
    {
        base.FillFrom(defaults);
        var d = (AdamOptions)defaults;
        beta1 ??= d.beta1;
        beta2 ??= d.beta2;
        eps ??= d.eps;
        weight_decay ??= d.weight_decay;
        amsgrad ??= d.amsgrad;
        maximize ??= d.maximize;
    }

    internal static T CheckedDefaults<T>(T options, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
        where T : AdamOptions
    {
        options.LearningRate = lr;
        options.InitialLearningRate = lr;
        options.beta1 = beta1;
        options.beta2 = beta2;
        options.eps = eps;
        options.weight_decay = weight_decay;
        options.amsgrad = amsgrad;
        options.maximize = maximize;
        options.Check(options);
        return options;
    }
}
