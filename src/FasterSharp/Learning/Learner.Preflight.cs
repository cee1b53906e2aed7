using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>Everything a fit needs, checked before the first event: the model, loss and metrics on one
    /// validation batch, the datasets' labels against the model's outputs, one-sample training batches against
    /// BatchNorm, and each callback's settings.</summary>
    private void CheckBeforeFit(int epochs)
    {
        CheckOneValidationBatch();
        CheckOneSampleBatchNorm();
        foreach (var cb in _callbacks.ToArray()) cb.CheckBeforeFit(epochs);
    }

    /// <summary>Runs one validation batch through the model, the loss and the metrics before training or validation
    /// starts (eval mode, so no BatchNorm statistic moves), so a model, loss or metric that cannot handle the data fails
    /// with a clear message before any weight changes or any event runs; then checks the datasets' labels against the
    /// model's outputs (<see cref="CheckLabels"/>). For a fit, gradients are on, so that a loss cut off from the model's
    /// parameters (detached, or every parameter frozen) is caught here too.</summary>
    /// <param name="forFit">Check for a fit (gradients, the training labels) rather than for <see cref="Validate"/>.</param>
    private void CheckOneValidationBatch(bool forFit = true)
    {
        var wasTraining = Model.training;
        var valid = Dls.Valid;
        var count = Math.Min(valid.BatchSize, valid.Dataset.Count);
        var indices = Enumerable.Range(0, count).ToArray();
        var before = forFit ? "training" : "validation";
        string? stage = "the model";
        try
        {
            Model.eval();
            using var scope = NewDisposeScope();
            using var grad = forFit ? enable_grad() : no_grad();
            var batch = valid.MakeBatch(indices);
            var pred = Model.forward(batch.Input) ?? throw new InvalidOperationException("its forward returned null");
            stage = "the loss function";
            var loss = LossFunc(pred, batch.Target) ?? throw new InvalidOperationException("it returned null");
            if (loss.numel() != 1) throw new InvalidOperationException($"it returned {loss.numel()} values (shape [{string.Join(", ", loss.shape)}]), not one");
            if (forFit && !loss.requires_grad)
                throw new InvalidOperationException(Model.parameters().Any(p => p.requires_grad)
                    ? "its result does not depend on the model's parameters (detached?), so training could not compute gradients"
                    : "no parameter of the model requires grad (all frozen), so there is nothing to train");
            using var noGrad = no_grad();
            foreach (var metric in Metrics)
            {
                stage = $"the metric '{metric.Name}'";
                metric.Reset();
                metric.Accumulate(pred.detach(), batch.Target);
                _ = metric.Value;
                metric.Reset();
            }
            stage = null; // CheckLabels' messages say what failed
            CheckLabels(pred.detach(), batch.Target, forFit);
        }
        catch (Exception e) when (e is not OutOfMemoryException && stage is not null)
        {
            throw new ArgumentException($"{stage} failed on a validation batch before {before} started: {e.Message}", e);
        }
        finally
        {
            Model.train(wasTraining);
        }
    }

    /// <summary>A label the model's outputs cannot take used to fail in the middle of a run ("Target 9 is out of
    /// bounds"), after some steps. The validation batch shows the model's output width; the largest label of each
    /// dataset (the training set's too, for a fit) is checked against it. With the default cross-entropy every label
    /// must be below the number of outputs. A custom loss defines what labels mean (one logit for two classes is
    /// fine), so it is run on the validation batch's predictions with the largest label put in, when the batch holds
    /// no label that large.</summary>
    private void CheckLabels(Tensor pred, Tensor target, bool forFit)
    {
        var outputs = pred.dim() == 2 ? pred.shape[1] : (long?)null;
        var sets = forFit ? new[] { ("training", Dls.Train.Dataset), ("validation", Dls.Valid.Dataset) } : [("validation", Dls.Valid.Dataset)];
        foreach (var (set, dataset) in sets)
        {
            var label = dataset.Labels.Max();
            var name = label < dataset.ClassNames.Count ? dataset.ClassNames[(int)label] : "?";
            if (_defaultLoss)
            {
                if (outputs is { } n && label >= n)
                    throw new ArgumentException(
                        $"the {set} set has label {label} (class '{name}'), but the model has {n} outputs: cross-entropy needs every label in [0, {n}). " +
                        $"The data has {dataset.ClassNames.Count} classes; give the model's last layer {dataset.ClassNames.Count} outputs");
                continue;
            }
            if (target.numel() == 0 || label <= target.max().item<long>()) continue;
            using var probe = target.clone();
            probe[0].fill_(label);
            try
            {
                using var noGrad = no_grad();
                LossFunc(pred, probe)?.Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException(
                    $"the loss function failed on label {label} (class '{name}') of the {set} set before {(forFit ? "training" : "validation")} started" +
                    $"{(outputs is { } n ? $" (the model has {n} outputs)" : "")}: {e.Message}", e);
            }
        }
    }

    /// <summary>A BatchNorm in training mode that gets one value per channel (batch of 1, spatial size 1×1)
    /// turns its running variance into NaN without an error in TorchSharp: PyTorch's check ("Expected more than
    /// 1 value per channel when training") lives in its Python layer, not in LibTorch. When the training loader
    /// can yield a one-sample batch, this runs one sample of the training images' shape through the model in
    /// eval mode (nothing moves) and fails if a BatchNorm would see one value per channel. BatchNorms are found
    /// through forward pre-hooks, i.e. when their parent calls them with <c>call</c> (Sequential and the
    /// FasterSharp models do).</summary>
    private void CheckOneSampleBatchNorm()
    {
        var train = Dls.Train;
        if (train.SmallestBatchSize != 1) return;
        var norms = Model.named_modules().Where(m => m.module is BatchNorm).Select(m => (m.name, (BatchNorm)m.module)).ToList();
        if (norms.Count == 0) return;
        string? offender = null;
        long[]? offenderShape = null;
        var hooks = norms.Select(n => n.Item2.register_forward_pre_hook((_, input) =>
        {
            if (offender is null && ValuesPerChannel(input) == 1)
            {
                offender = $"'{n.name}' ({n.Item2.GetType().Name})";
                offenderShape = input.shape;
            }
            return input;
        })).ToList();
        var wasTraining = Model.training;
        try
        {
            Model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var d = train.Dataset;
            Model.forward(zeros(1, d.Channels, d.Height, d.Width));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"the model failed on one training-shaped sample before training started: {e.Message}", e);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
            Model.train(wasTraining);
        }
        if (offender is null) return;
        var which = train.BatchSize == 1
            ? "every training batch has 1 sample (batch size 1)"
            : $"the last training batch has 1 sample ({train.Dataset.Count} images in batches of {train.BatchSize}, dropLast: false)";
        throw new InvalidOperationException(
            $"{which}, and BatchNorm {offender} would get one value per channel (input [{string.Join(", ", offenderShape!)}]): in training mode " +
            "its running variance becomes NaN without an error. Drop the last incomplete batch (dropLast: true, the default of DataLoaders.FromDatasets) " +
            "or choose a batch size that leaves at least 2 samples in every batch");
    }

    private static long ValuesPerChannel(Tensor input)
    {
        var shape = input.shape;
        var values = shape.Length > 0 ? shape[0] : 1;
        for (var d = 2; d < shape.Length; d++) values *= shape[d];
        return values;
    }
}
