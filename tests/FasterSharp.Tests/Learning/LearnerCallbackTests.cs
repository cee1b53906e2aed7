using FasterSharp.Learning;
using FasterSharp.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

public class LearnerCallbackTests
{
    private sealed class EventLog : Callback
    {
        public List<string> Events { get; } = [];
        public override void BeforeFit() => Events.Add("BeforeFit");
        public override void BeforeEpoch() => Events.Add("BeforeEpoch");
        public override void BeforeTrain() => Events.Add("BeforeTrain");
        public override void BeforeBatch() => Events.Add(Learn.Training ? "BeforeBatch" : "BeforeBatch(valid)");
        public override void AfterPred() => Events.Add("AfterPred");
        public override void AfterLoss() => Events.Add("AfterLoss");
        public override void BeforeBackward() => Events.Add("BeforeBackward");
        public override void BeforeStep() => Events.Add("BeforeStep");
        public override void AfterStep() => Events.Add("AfterStep");
        public override void AfterBatch() => Events.Add("AfterBatch");
        public override void AfterTrain() => Events.Add("AfterTrain");
        public override void BeforeValidate() => Events.Add("BeforeValidate");
        public override void AfterValidate() => Events.Add("AfterValidate");
        public override void AfterEpoch() => Events.Add("AfterEpoch");
        public override void AfterFit() => Events.Add("AfterFit");
    }

    private sealed class Throwing(string when, Func<Exception> exception) : Callback
    {
        public override void BeforeStep() { if (when == nameof(BeforeStep)) throw exception(); }
        public override void AfterEpoch() { if (when == nameof(AfterEpoch)) throw exception(); }
        public override void BeforeTrain() { if (when == nameof(BeforeTrain)) throw exception(); }
    }

    [Fact]
    public void EventsRunInFastaiOrderWithAccessToTheLearnersState()
    {
        var log = new EventLog();
        var learn = LearnerFixtures.Small(train: 128, valid: 64, batchSize: 64, callbacks: [log]);
        learn.Fit(1, 1e-3);
        string[] trainBatch = ["BeforeBatch", "AfterPred", "AfterLoss", "BeforeBackward", "BeforeStep", "AfterStep", "AfterBatch"];
        string[] validBatch = ["BeforeBatch(valid)", "AfterPred", "AfterLoss", "AfterBatch"];
        string[] expected = ["BeforeFit", "BeforeEpoch", "BeforeTrain", .. trainBatch, .. trainBatch, "AfterTrain",
            "BeforeValidate", .. validBatch, "AfterValidate", "AfterEpoch", "AfterFit"];
        Assert.Equal(expected, log.Events);
        Assert.Equal(1.0, learn.PctTrain, 12);
        Assert.Equal(2, learn.TrainIteration);
    }

    [Fact]
    public void CancellingEveryBatchBeforeTheStepLeavesTheWeightsUnchanged()
    {
        var learn = LearnerFixtures.Small(callbacks: [new Throwing("BeforeStep", () => new CancelBatchException())]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        learn.Fit(1, 1e-2);
        // BatchNorm running statistics move in the forward pass; everything the optimizer touches does not.
        var after = LearnerFixtures.Snapshot(learn.Model);
        foreach (var (name, _) in learn.Model.named_parameters())
            Assert.Equal(before[name], after[name]);
        Assert.Single(learn.Recorder.Epochs);
    }

    [Fact]
    public void CancelFitStopsAfterTheEpochAndStillRunsAfterFit()
    {
        var log = new EventLog();
        var learn = LearnerFixtures.Small(callbacks: [new Throwing("AfterEpoch", () => new CancelFitException()), log]);
        learn.Fit(3, 1e-3);
        Assert.Equal("AfterFit", log.Events[^1]);
        Assert.Equal(1, log.Events.Count(e => e == "BeforeEpoch"));
    }

    [Fact]
    public void CancelTrainSkipsToValidation()
    {
        var log = new EventLog();
        var learn = LearnerFixtures.Small(callbacks: [new Throwing("BeforeTrain", () => new CancelTrainException()), log]);
        learn.Fit(1, 1e-3);
        Assert.DoesNotContain("BeforeBatch", log.Events);
        Assert.Contains("BeforeBatch(valid)", log.Events);
        Assert.Contains("AfterTrain", log.Events);
    }

    [Fact]
    public void OtherExceptionsFromCallbacksPropagate()
    {
        var learn = LearnerFixtures.Small(callbacks: [new Throwing("AfterEpoch", () => new InvalidOperationException("boom"))]);
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => learn.Fit(1, 1e-3)).Message);
    }

    [Fact]
    public void FitCallbacksAreDetachedAfterTheFit()
    {
        var learn = LearnerFixtures.Small();
        var log = new EventLog();
        learn.Fit(1, 1e-3, [log]);
        Assert.DoesNotContain(log, learn.Callbacks);
        var count = log.Events.Count;
        learn.Fit(1, 1e-3);
        Assert.Equal(count, log.Events.Count);
        var other = LearnerFixtures.Small();
        other.Add(log);
        Assert.Throws<ArgumentException>(() => LearnerFixtures.Small().Add(log));
    }

    [Fact]
    public void BadInputIsRejectedBeforeAnyWeightChanges()
    {
        var throwing = Metric.FromFunction("broken", (_, _) => throw new InvalidOperationException("metric bug"));
        var learn = LearnerFixtures.Small(metrics: [throwing]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.Fit(0, 1e-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.Fit(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.Fit(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(1, 1e-3, pctStart: 1.5));
        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3));
        Assert.Contains("the metric 'broken' failed on a validation batch before training started: metric bug", e.Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        Assert.Null(learn.Optimizer);

        var wrongLoss = new Learner(learn.Dls, learn.Model, lossFunc: (p, y) => nn.functional.mse_loss(p, y), showProgress: false);
        Assert.Contains("the loss function failed", Assert.Throws<ArgumentException>(() => wrongLoss.Fit(1, 1e-3)).Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
    }
}
