using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>The loss and metric values of one validation pass.</summary>
/// <param name="Loss">Mean loss over the samples.</param>
/// <param name="Metrics">Metric values by name, in the learner's order.</param>
public sealed record ValidationResult(double Loss, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The value of the metric called <paramref name="name"/>.</summary>
    public double this[string name] => Metrics.TryGetValue(name, out var v)
        ? v : throw new KeyNotFoundException($"no metric '{name}'; have: {string.Join(", ", Metrics.Keys)}");
}

public sealed partial class Learner
{
    /// <summary>Runs the model over the validation set (eval mode, no gradients) and returns the loss and metrics.</summary>
    public ValidationResult Validate()
    {
        var wasTraining = Model.training;
        try
        {
            RunPhase(training: false);
        }
        finally
        {
            Model.train(wasTraining);
        }
        return Recorder.LastValidation;
    }

    /// <summary>The model's predictions and the targets over the whole validation set, in order.</summary>
    /// <param name="softmax">Apply softmax over dim 1 (class probabilities); false returns raw outputs.</param>
    /// <returns>Predictions [N, classes] and targets [N]; the caller owns (disposes) them.</returns>
    public (Tensor Predictions, Tensor Targets) GetPreds(bool softmax = true)
    {
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
        }
    }

    /// <summary>Runs one validation batch through the model, the loss and the metrics before training
    /// starts, so a model, loss or metric that cannot handle the data fails with a clear message before
    /// any weight changes.</summary>
    private void CheckOneValidationBatch()
    {
        var wasTraining = Model.training;
        var valid = Dls.Valid;
        var count = Math.Min(valid.BatchSize, valid.Dataset.Count);
        var indices = Enumerable.Range(0, count).ToArray();
        string stage = "the model";
        try
        {
            Model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batch = valid.MakeBatch(indices);
            var pred = Model.forward(batch.Input);
            stage = "the loss function";
            var loss = LossFunc(pred, batch.Target);
            if (loss.numel() != 1) throw new InvalidOperationException($"it returned {loss.numel()} values, not one");
            foreach (var metric in Metrics)
            {
                stage = $"the metric '{metric.Name}'";
                metric.Reset();
                metric.Accumulate(pred, batch.Target);
                _ = metric.Value;
                metric.Reset();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"{stage} failed on a validation batch before training started: {e.Message}", e);
        }
        finally
        {
            Model.train(wasTraining);
        }
    }
}
