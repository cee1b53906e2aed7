using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>The loss and metric values of one validation pass.</summary>
/// <param name="Loss">Mean loss over the samples.</param>
/// <param name="Metrics">Metric values by name, in the learner's order.</param>
public sealed record ValidationResult(double Loss, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The value of the metric called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No metric of that name; the message lists the names.</exception>
    public double this[string name] => Metrics.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out var v)
        ? v : throw new KeyNotFoundException($"no metric '{name}'; have: {string.Join(", ", Metrics.Keys)}");
}

public sealed partial class Learner
{
    /// <summary>Runs the model over the validation set (eval mode, no gradients) and returns the loss and metrics.
    /// The callbacks see the validation events.</summary>
    /// <exception cref="ArgumentException">The model, the loss or a metric fails on a validation batch, or the validation
    /// set has a label the model's outputs cannot take; checked before any event.</exception>
    /// <exception cref="InvalidOperationException">Called while the learner runs (from a callback event or another thread).</exception>
    public ValidationResult Validate()
    {
        EnterRun(nameof(Validate));
        var wasTraining = Model.training;
        try
        {
            CheckOneValidationBatch(forFit: false);
            RunPhase(training: false);
        }
        finally
        {
            Model.train(wasTraining);
            ExitRun();
        }
        return Recorder.LastValidation;
    }

    /// <summary>The model's predictions and the targets over the whole validation set, in order.</summary>
    /// <param name="softmax">Apply softmax over dim 1 (class probabilities); false returns raw outputs.</param>
    /// <returns>Predictions [N, classes] and targets [N]; the caller owns (disposes) them.</returns>
    /// <exception cref="InvalidOperationException">Called while the learner runs (from a callback event or another thread).</exception>
    public (Tensor Predictions, Tensor Targets) GetPreds(bool softmax = true)
    {
        EnterRun(nameof(GetPreds));
        var wasTraining = Model.training;
        Model.eval();
        var preds = new List<Tensor>();
        var targets = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            foreach (var batch in Dls.Valid)
            {
                using (batch)
                {
                    using var output = Model.forward(batch.Input);
                    preds.Add((softmax ? nn.functional.softmax(output, 1) : output.clone()).DetachFromDisposeScope());
                    targets.Add(batch.Target.clone().DetachFromDisposeScope());
                }
            }
            return (cat(preds, 0), cat(targets, 0));
        }
        finally
        {
            foreach (var t in preds.Concat(targets)) t.Dispose();
            Model.train(wasTraining);
            ExitRun();
        }
    }
}
