using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>Trains for <paramref name="epochs"/> epochs at a constant learning rate.</summary>
    /// <param name="epochs">Number of epochs, at least 1.</param>
    /// <param name="lr">Learning rate, positive and finite; set on every parameter group.</param>
    /// <param name="callbacks">Attached for this fit only.</param>
    /// <exception cref="ArgumentOutOfRangeException">Bad epochs or lr.</exception>
    /// <exception cref="ArgumentException">A null callback or one attached to another learner; a validation batch that
    /// the model, loss or metrics reject; a training or validation label the model's outputs cannot take; a callback's
    /// settings that cannot work with this learner (e.g. a SaveModelCallback folder that cannot be written).</exception>
    /// <exception cref="InvalidOperationException">Called while the learner runs (from a callback event or another
    /// thread); a one-sample training batch would reach a BatchNorm; the optimizer factory returned null or an optimizer
    /// without parameter groups; a callback broke the loop's contract.</exception>
    /// <remarks>Every check runs before the first event, so a rejected fit changes no weight, optimizer or callback.
    /// When the model's parameters changed since the last fit (pruned, folded, decomposed), a new optimizer is made
    /// first (see <see cref="Optimizer"/>).</remarks>
    public void Fit(int epochs, double lr = 1e-3, IEnumerable<Callback>? callbacks = null)
    {
        CheckEpochs(epochs);
        CheckLearningRate(lr, nameof(lr));
        RunFit(nameof(Fit), epochs, lr, callbacks);
    }

    /// <summary>Trains with fastai's one-cycle policy: the learning rate rises from maxLr/divFactor to
    /// <paramref name="maxLr"/> over the first <paramref name="pctStart"/> of training, then falls to
    /// maxLr/finalDiv, both by cosine annealing; momentum (or Adam's beta1) goes 0.95 → 0.85 → 0.95.</summary>
    /// <param name="epochs">Number of epochs, at least 1.</param>
    /// <param name="maxLr">Peak learning rate, positive and finite.</param>
    /// <param name="callbacks">Attached for this fit only.</param>
    /// <param name="divFactor">Initial lr = maxLr / divFactor (fastai: 25); positive, and the initial lr finite.</param>
    /// <param name="finalDiv">Final lr = maxLr / finalDiv (fastai: 1e5); positive, and the final lr finite.</param>
    /// <param name="pctStart">Fraction of training spent warming up (fastai: 0.25), in [0, 1].</param>
    /// <param name="moms">Momentum at start, at the peak lr, and at the end, each in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    /// <exception cref="ArgumentException">As <see cref="Fit"/>.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="Fit"/>.</exception>
    public void FitOneCycle(int epochs, double maxLr = 1e-3, IEnumerable<Callback>? callbacks = null, double divFactor = 25,
        double finalDiv = 1e5, double pctStart = 0.25, (double Start, double Middle, double End)? moms = null)
    {
        CheckEpochs(epochs);
        CheckLearningRate(maxLr, nameof(maxLr));
        var scheduler = OneCycleScheduler.Create(maxLr, divFactor, finalDiv, pctStart, moms ?? (0.95, 0.85, 0.95));
        RunFit(nameof(FitOneCycle), epochs, maxLr / divFactor, [scheduler, .. callbacks ?? []]);
    }

    private static void CheckEpochs(int epochs)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "must be at least 1");
    }

    private static void CheckLearningRate(double lr, string name)
    {
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(name, lr, "must be positive and finite");
    }

    private void RunFit(string name, int epochs, double lr, IEnumerable<Callback>? callbacks)
    {
        var fitCallbacks = callbacks?.ToArray() ?? [];
        CheckAttachable(fitCallbacks, nameof(callbacks));
        if ((long)epochs * Dls.Train.Count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs,
                $"{epochs} epochs of {Dls.Train.Count} batches are more than {int.MaxValue} training batches in one fit");
        EnterRun(name);
        var added = new List<Callback>();
        try
        {
            foreach (var cb in fitCallbacks)
            {
                if (_callbacks.Contains(cb)) continue;
                Attach(cb);
                added.Add(cb);
            }
            CheckBeforeFit(epochs);
            PrepareOptimizer(lr);
            OptimizerHyperParameters.SetLearningRate(Optimizer!, lr);
            NEpoch = epochs;
            TrainIteration = 0;
            PctTrain = 0;
            foreach (var cb in _callbacks.ToArray()) cb.StartFit();
            try
            {
                using (Cancellable<CancelFitException>())
                {
                    try
                    {
                        Raise(nameof(Callback.BeforeFit), c => c.BeforeFit());
                        for (Epoch = 0; Epoch < NEpoch; Epoch++) RunEpoch();
                    }
                    catch (CancelFitException) { }
                }
                Raise(nameof(Callback.AfterFit), c => c.AfterFit());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The fit failed part-way: callbacks release what they took in BeforeFit (no AfterFit will come).
                foreach (var cb in _callbacks.ToArray())
                {
                    try { cb.ReleaseAfterFailedFit(); }
                    catch (Exception cleanup) when (cleanup is not OutOfMemoryException) { }
                }
                throw;
            }
        }
        finally
        {
            foreach (var cb in added) Detach(cb);
            ExitRun();
        }
    }

    private void RunEpoch()
    {
        using (Cancellable<CancelEpochException>())
        {
            try
            {
                Raise(nameof(Callback.BeforeEpoch), c => c.BeforeEpoch());
                RunPhase(training: true);
                RunPhase(training: false);
            }
            catch (CancelEpochException) { }
        }
        Raise(nameof(Callback.AfterEpoch), c => c.AfterEpoch());
    }

    private void RunPhase(bool training)
    {
        Training = training;
        Model.train(training);
        var loader = training ? Dls.Train : Dls.Valid;
        NIter = loader.Count;
        using (training ? Cancellable<CancelTrainException>() : Cancellable<CancelValidException>())
        {
            try
            {
                Raise(training ? nameof(Callback.BeforeTrain) : nameof(Callback.BeforeValidate), c => { if (training) c.BeforeTrain(); else c.BeforeValidate(); });
                using var noGrad = training ? null : no_grad();
                using var batches = loader.GetEnumerator();
                for (Iteration = 0; ; Iteration++)
                {
                    using var scope = NewDisposeScope();
                    if (!batches.MoveNext()) break;
                    RunBatch(batches.Current);
                }
            }
            catch (CancelTrainException) when (training) { }
            catch (CancelValidException) when (!training) { }
        }
        Raise(training ? nameof(Callback.AfterTrain) : nameof(Callback.AfterValidate), c => { if (training) c.AfterTrain(); else c.AfterValidate(); });
    }

    private void RunBatch(Batch batch)
    {
        X = batch.Input;
        Y = batch.Target;
        using (Cancellable<CancelBatchException>())
        {
            try
            {
                Raise(nameof(Callback.BeforeBatch), c => c.BeforeBatch());
                var x = X ?? throw CallbackBrokeContract("set Learner.X to null", nameof(Callback.BeforeBatch));
                if (Y is null) throw CallbackBrokeContract("set Learner.Y to null", nameof(Callback.BeforeBatch));
                Pred = Model.forward(x) ?? throw new InvalidOperationException("the model's forward returned null");
                Raise(nameof(Callback.AfterPred), c => c.AfterPred());
                var pred = Pred ?? throw CallbackBrokeContract("set Learner.Pred to null", nameof(Callback.AfterPred));
                var y = Y ?? throw CallbackBrokeContract("set Learner.Y to null", nameof(Callback.AfterPred));
                Loss = LossFunc(pred, y) ?? throw new InvalidOperationException("the loss function returned null");
                Raise(nameof(Callback.AfterLoss), c => c.AfterLoss());
                if (Loss is null) throw CallbackBrokeContract("set Learner.Loss to null", nameof(Callback.AfterLoss));
                if (Training)
                {
                    Raise(nameof(Callback.BeforeBackward), c => c.BeforeBackward());
                    (Loss ?? throw CallbackBrokeContract("set Learner.Loss to null", nameof(Callback.BeforeBackward))).backward();
                    Raise(nameof(Callback.BeforeStep), c => c.BeforeStep());
                    // A callback may have replaced layers since the last step (pruning from inside the fit).
                    RefreshOptimizerIfModelChanged(thorough: false);
                    Optimizer!.step();
                    Raise(nameof(Callback.AfterStep), c => c.AfterStep());
                    RefreshOptimizerIfModelChanged(thorough: false);
                    Optimizer!.zero_grad();
                }
            }
            catch (CancelBatchException) { }
        }
        Raise(nameof(Callback.AfterBatch), c => c.AfterBatch());
        if (Training)
        {
            TrainIteration++;
            PctTrain = (double)TrainIteration / ((long)NEpoch * Dls.Train.Count);
        }
        X = Y = Pred = Loss = null;
    }

    private static InvalidOperationException CallbackBrokeContract(string what, string evt) =>
        new($"a callback {what} in {evt}; the training loop needs it to go on (set it to a tensor, or throw CancelBatchException to skip the batch)");
}
