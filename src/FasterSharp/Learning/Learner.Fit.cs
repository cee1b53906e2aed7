using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>Trains for <paramref name="epochs"/> epochs at a constant learning rate.</summary>
    /// <param name="epochs">Number of epochs, at least 1.</param>
    /// <param name="lr">Learning rate, positive and finite; set on every parameter group.</param>
    /// <param name="callbacks">Attached for this fit only.</param>
    /// <exception cref="ArgumentException">Bad epochs or lr, or a validation batch that the model, loss or metrics reject.</exception>
    public void Fit(int epochs, double lr = 1e-3, IEnumerable<Callback>? callbacks = null)
    {
        CheckEpochs(epochs);
        CheckLearningRate(lr, nameof(lr));
        RunFit(epochs, lr, callbacks);
    }

    /// <summary>Trains with fastai's one-cycle policy: the learning rate rises from maxLr/divFactor to
    /// <paramref name="maxLr"/> over the first <paramref name="pctStart"/> of training, then falls to
    /// maxLr/finalDiv, both by cosine annealing; momentum (or Adam's beta1) goes 0.95 → 0.85 → 0.95.</summary>
    /// <param name="epochs">Number of epochs, at least 1.</param>
    /// <param name="maxLr">Peak learning rate, positive and finite.</param>
    /// <param name="callbacks">Attached for this fit only.</param>
    /// <param name="divFactor">Initial lr = maxLr / divFactor (fastai: 25).</param>
    /// <param name="finalDiv">Final lr = maxLr / finalDiv (fastai: 1e5).</param>
    /// <param name="pctStart">Fraction of training spent warming up (fastai: 0.25).</param>
    /// <param name="moms">Momentum at start, at the peak lr, and at the end.</param>
    public void FitOneCycle(int epochs, double maxLr = 1e-3, IEnumerable<Callback>? callbacks = null, double divFactor = 25,
        double finalDiv = 1e5, double pctStart = 0.25, (double Start, double Middle, double End)? moms = null)
    {
        CheckEpochs(epochs);
        CheckLearningRate(maxLr, nameof(maxLr));
        var scheduler = OneCycleScheduler.Create(maxLr, divFactor, finalDiv, pctStart, moms ?? (0.95, 0.85, 0.95));
        RunFit(epochs, maxLr / divFactor, [scheduler, .. callbacks ?? []]);
    }

    private static void CheckEpochs(int epochs)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "must be at least 1");
    }

    private static void CheckLearningRate(double lr, string name)
    {
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(name, lr, "must be positive and finite");
    }

    private void RunFit(int epochs, double lr, IEnumerable<Callback>? callbacks)
    {
        var added = new List<Callback>();
        foreach (var cb in callbacks ?? [])
        {
            ArgumentNullException.ThrowIfNull(cb, nameof(callbacks));
            if (_callbacks.Contains(cb)) continue;
            Add(cb);
            added.Add(cb);
        }
        try
        {
            CheckOneValidationBatch();
            Optimizer ??= OptimizerFactory(Model.parameters(), lr);
            OptimizerHyperParameters.SetLearningRate(Optimizer, lr);
            NEpoch = epochs;
            TrainIteration = 0;
            PctTrain = 0;
            try
            {
                Raise(c => c.BeforeFit());
                for (Epoch = 0; Epoch < NEpoch; Epoch++) RunEpoch();
            }
            catch (CancelFitException) { }
            Raise(c => c.AfterFit());
        }
        finally
        {
            foreach (var cb in _callbacks.ToArray()) cb.CleanUpAfterFit();
            foreach (var cb in added) Remove(cb);
        }
    }

    private void RunEpoch()
    {
        try
        {
            Raise(c => c.BeforeEpoch());
            RunPhase(training: true);
            RunPhase(training: false);
        }
        catch (CancelEpochException) { }
        Raise(c => c.AfterEpoch());
    }

    private void RunPhase(bool training)
    {
        Training = training;
        Model.train(training);
        var loader = training ? Dls.Train : Dls.Valid;
        NIter = loader.Count;
        try
        {
            Raise(c => { if (training) c.BeforeTrain(); else c.BeforeValidate(); });
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
        Raise(c => { if (training) c.AfterTrain(); else c.AfterValidate(); });
    }

    private void RunBatch(Batch batch)
    {
        X = batch.Input;
        Y = batch.Target;
        try
        {
            Raise(c => c.BeforeBatch());
            Pred = Model.forward(X);
            Raise(c => c.AfterPred());
            Loss = LossFunc(Pred, Y);
            Raise(c => c.AfterLoss());
            if (Training)
            {
                Raise(c => c.BeforeBackward());
                Loss.backward();
                Raise(c => c.BeforeStep());
                Optimizer!.step();
                Raise(c => c.AfterStep());
                Optimizer.zero_grad();
            }
        }
        catch (CancelBatchException) { }
        Raise(c => c.AfterBatch());
        if (Training)
        {
            TrainIteration++;
            PctTrain = (double)TrainIteration / (NEpoch * Dls.Train.Count);
        }
        X = Y = Pred = Loss = null;
    }

    private void Raise(Action<Callback> handler)
    {
        foreach (var cb in _callbacks.ToArray()) handler(cb);
    }
}
