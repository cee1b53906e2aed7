using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>One Adam/AdamW update of one parameter, as PyTorch 1.13's single-tensor implementation computes it.</summary>
internal static class AdamUpdate
{
    /// <summary>Updates <paramref name="param"/> and its running averages in place; <paramref name="step"/> is the
    /// already incremented step count. <paramref name="decoupled"/> selects AdamW's weight decay.</summary>
    internal static void Apply(Tensor param, Tensor grad, AdamOptions o, long step, Tensor exp_avg, Tensor exp_avg_sq,
        Tensor? max_exp_avg_sq, bool decoupled)
    {
        var lr = o.LearningRate!.Value;
        var beta1 = o.beta1!.Value;
        var beta2 = o.beta2!.Value;
        var weight_decay = o.weight_decay!.Value;
        var g = o.maximize!.Value ? OptimizerMath.Neg(grad) : grad;

        if (decoupled) OptimizerMath.MulInPlace(param, 1 - lr * weight_decay);
        else if (weight_decay != 0) g = OptimizerMath.Add(g, param, weight_decay);

        OptimizerMath.AddInPlace(OptimizerMath.MulInPlace(exp_avg, beta1), g, 1 - beta1);
        OptimizerMath.AddcmulInPlace(OptimizerMath.MulInPlace(exp_avg_sq, beta2), g, g, 1 - beta2);

        var bias_correction1 = 1 - Math.Pow(beta1, step);
        var bias_correction2_sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        Tensor second = exp_avg_sq;
        if (o.amsgrad!.Value && max_exp_avg_sq is not null)
        {
            OptimizerMath.MaximumInto(max_exp_avg_sq, exp_avg_sq);
            second = max_exp_avg_sq;
        }
        var denom = OptimizerMath.AddInPlace(OptimizerMath.DivInPlace(OptimizerMath.Sqrt(second), bias_correction2_sqrt), o.eps!.Value);
        OptimizerMath.AddcdivInPlace(param, exp_avg, denom, -lr / bias_correction1);
    }
}
