using FasterSharp.Learning;

namespace FasterSharp.Tests.Learning;

public class LearnerCancelTests
{
    [Fact]
    public void AnEpochCancelledInBeforeEpochRecordsNoRow()
    {
        var cancelled = 0;
        var hook = new EventHook("BeforeEpoch", _ => { cancelled++; throw new CancelEpochException(); });
        var progress = new StringWriter();
        var learn = LearnerFixtures.Tiny([hook, new ProgressCallback(progress, showBar: false)]);
        learn.Fit(3, 1e-3);
        Assert.Equal(1, cancelled);
        // Epoch 0 measured nothing; epochs 1 and 2 each have their own losses.
        Assert.Equal([1, 2], learn.Recorder.Epochs.Select(r => r.Epoch));
        Assert.Equal(2, learn.Recorder.EpochEndIterations.Count);
        Assert.Equal(3, progress.ToString().TrimEnd().Split(Environment.NewLine).Length); // header + 2 rows
    }

    /// <summary>Cancels the given epochs in BeforeEpoch; ordered before the Recorder, so the Recorder's BeforeEpoch does not run.</summary>
    private sealed class CancelEpochs(params int[] epochs) : Callback
    {
        public override void BeforeEpoch()
        {
            if (epochs.Contains(Learn.Epoch)) throw new CancelEpochException();
        }
    }

    [Fact]
    public void AnEpochCancelledInBeforeEpochByAnEarlierCallbackRecordsNoRowAndRepeatsNoLosses()
    {
        var progress = new StringWriter();
        var learn = LearnerFixtures.Tiny([new CancelEpochs(1), new ProgressCallback(progress, showBar: false)]);
        learn.Fit(3, 1e-2);
        // Before the fix, epoch 1 got a row repeating epoch 0's train_loss, valid_loss and metrics.
        Assert.Equal([0, 2], learn.Recorder.Epochs.Select(r => r.Epoch));
        Assert.Equal([4, 8], learn.Recorder.EpochEndIterations);
        Assert.NotEqual(learn.Recorder.Epochs[0].ValidLoss, learn.Recorder.Epochs[1].ValidLoss);
        Assert.Equal(3, progress.ToString().TrimEnd().Split(Environment.NewLine).Length); // header + 2 rows

        // The same in the first epoch of a later fit: nothing carried over from the previous fit's last epoch.
        learn.Remove(learn.Callbacks.OfType<CancelEpochs>().Single());
        learn.Fit(2, 1e-2, [new CancelEpochs(0)]);
        Assert.Equal([1], learn.Recorder.Epochs.Select(r => r.Epoch));
    }

    [Fact]
    public void AFitCancelledInBeforeFitByAnEarlierCallbackLeavesAnEmptyTableNotThePreviousFits()
    {
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-2);
        Assert.Single(learn.Recorder.Epochs);
        learn.Fit(1, 1e-2, [new EventHook("BeforeFit", _ => throw new CancelFitException())]);
        Assert.Empty(learn.Recorder.Epochs);
        Assert.Empty(learn.Recorder.Losses);
        Assert.Empty(learn.Recorder.LearningRates);
        Assert.True(double.IsNaN(learn.Recorder.SmoothLoss));
    }

    [Fact]
    public void ACancelledPhaseRecordsNaNForWhatItDidNotMeasure()
    {
        var noValidation = LearnerFixtures.Tiny([new EventHook("BeforeValidate", _ => throw new CancelValidException())]);
        noValidation.Fit(2, 1e-3);
        var first = noValidation.Recorder.Epochs[0];
        Assert.True(double.IsNaN(first.ValidLoss));
        Assert.Empty(first.Metrics);
        Assert.False(double.IsNaN(first.TrainLoss));
        Assert.False(double.IsNaN(noValidation.Recorder.Epochs[1].ValidLoss));

        var noTraining = LearnerFixtures.Tiny([new EventHook("BeforeTrain", _ => throw new CancelTrainException())]);
        noTraining.Fit(1, 1e-3);
        var row = Assert.Single(noTraining.Recorder.Epochs);
        Assert.True(double.IsNaN(row.TrainLoss));
        Assert.False(double.IsNaN(row.ValidLoss));
        Assert.Contains("accuracy", row.Metrics.Keys);
    }

    [Fact]
    public void AValidationCancelledByAnEarlierCallbackDoesNotRepeatThePreviousEpochsValues()
    {
        // The hook runs before the Recorder (order 0 < 50), so the Recorder's BeforeValidate does not run in epoch 1.
        var learn = LearnerFixtures.Tiny([new SkipSecondValidation()]);
        learn.Fit(2, 1e-3);
        Assert.False(double.IsNaN(learn.Recorder.Epochs[0].ValidLoss));
        Assert.True(double.IsNaN(learn.Recorder.Epochs[1].ValidLoss));
    }

    private sealed class SkipSecondValidation : Callback
    {
        public override void BeforeValidate()
        {
            if (Learn.Epoch == 1) throw new CancelValidException();
        }
    }

    public static TheoryData<string, string> MisplacedCancels() => new()
    {
        { "BeforeFit", nameof(CancelEpochException) },
        { "BeforeEpoch", nameof(CancelTrainException) },
        { "BeforeTrain", nameof(CancelValidException) },
        { "BeforeBatch", nameof(CancelValidException) },
        { "AfterBatch", nameof(CancelBatchException) },
        { "AfterTrain", nameof(CancelTrainException) },
        { "BeforeBatch(valid)", nameof(CancelTrainException) },
        { "AfterValidate", nameof(CancelValidException) },
        { "AfterEpoch", nameof(CancelEpochException) },
        { "AfterFit", nameof(CancelFitException) },
    };

    [Theory]
    [MemberData(nameof(MisplacedCancels))]
    public void ACancelWithNothingToCancelWhereItIsThrownIsAnErrorNamingTheCallbackAndTheEvent(string evt, string cancel)
    {
        Func<Exception> make = cancel switch
        {
            nameof(CancelBatchException) => () => new CancelBatchException(),
            nameof(CancelTrainException) => () => new CancelTrainException(),
            nameof(CancelValidException) => () => new CancelValidException(),
            nameof(CancelEpochException) => () => new CancelEpochException(),
            _ => () => new CancelFitException(),
        };
        var learn = LearnerFixtures.Tiny([new EventHook(evt, _ => throw make())]);
        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(2, 1e-3));
        var shownEvent = evt.Replace("(valid)", "");
        Assert.Contains($"EventHook.{shownEvent} threw {cancel}, which cannot cancel anything at that point of Fit", e.Message);
        Assert.IsType(make().GetType(), e.InnerException);
        Assert.Null(learn.Running);
    }

    [Fact]
    public void CancelsThatFitWhereTheyAreThrownStillWork()
    {
        var watch = new PhaseWatch();
        var learn = LearnerFixtures.Tiny([new EventHook("BeforeStep", _ => throw new CancelTrainException()), watch]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        learn.Fit(1, 1e-3);
        // The training phase ended at its first step (no AfterBatch for that batch); validation still ran.
        Assert.False(watch.TrainBatches.ContainsKey(0));
        Assert.True(watch.ValidBatches[0] > 0);
        Assert.Empty(learn.Recorder.Losses);
        Assert.False(double.IsNaN(learn.Recorder.Epochs[0].ValidLoss));
        foreach (var (name, _) in learn.Model.named_parameters()) Assert.Equal(before[name], LearnerFixtures.Snapshot(learn.Model)[name]);
        var valid = LearnerFixtures.Tiny([new EventHook("BeforeBatch(valid)", _ => throw new CancelBatchException())]);
        var wasTraining = valid.Model.training;
        valid.Validate();
        Assert.Equal(wasTraining, valid.Model.training);
        Assert.Throws<InvalidOperationException>(() => LearnerFixtures.Tiny([new EventHook("BeforeBatch(valid)", _ => throw new CancelFitException())]).Validate());
    }
}
