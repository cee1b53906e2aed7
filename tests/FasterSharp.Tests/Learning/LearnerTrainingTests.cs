using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;

namespace FasterSharp.Tests.Learning;

public class LearnerTrainingTests
{
    [Fact]
    public void OneCycleEpochOnSixThousandFashionMnistImagesReachesEightyPercent()
    {
        TorchSharp.torch.manual_seed(0);
        var learn = new Learner(LearnerFixtures.Data(6000, 1000, batchSize: 64), SmallCnns.BenchmarkCnn(),
            metrics: [new Accuracy()], showProgress: false);
        learn.FitOneCycle(1, 3e-3);
        var row = Assert.Single(learn.Recorder.Epochs);
        Assert.True(row.Metrics["accuracy"] >= 0.80, $"accuracy {row.Metrics["accuracy"]:P2} < 80%");
        Assert.True(row.TrainLoss < 1.0, $"train loss {row.TrainLoss}");
        var validation = learn.Validate();
        Assert.Equal(row.Metrics["accuracy"], validation["accuracy"], 10);
        Assert.Equal(row.ValidLoss, validation.Loss, 6);
    }

    [Fact]
    public void TwoRunsWithTheSameSeedGiveIdenticalLosses()
    {
        var a = LearnerFixtures.Small(seed: 3);
        a.Fit(2, 1e-3);
        var b = LearnerFixtures.Small(seed: 3);
        b.Fit(2, 1e-3);
        Assert.Equal(a.Recorder.Losses.Count, b.Recorder.Losses.Count);
        Assert.Equal(a.Recorder.Losses, b.Recorder.Losses);
        Assert.Equal(a.Recorder.Epochs.Select(e => e.ValidLoss), b.Recorder.Epochs.Select(e => e.ValidLoss));
        var c = LearnerFixtures.Small(seed: 4);
        c.Fit(1, 1e-3);
        Assert.NotEqual(a.Recorder.Losses.Take(4), c.Recorder.Losses.Take(4));
    }

    [Fact]
    public void OneCycleSetsTheLearningRateOfEveryBatchFromFastaisFormula()
    {
        var learn = LearnerFixtures.Small(train: 512, batchSize: 64);
        learn.FitOneCycle(2, 1e-2);
        var schedule = OneCycleScheduler.Create(1e-2);
        var lrs = learn.Recorder.LearningRates;
        Assert.Equal(16, lrs.Count);
        for (var i = 0; i < lrs.Count; i++)
        {
            var pct = i / 16.0;
            var expected = pct < 0.25
                ? 1e-2 / 25 + (1 + Math.Cos(Math.PI * (1 - pct / 0.25))) * (1e-2 - 1e-2 / 25) / 2
                : 1e-2 + (1 + Math.Cos(Math.PI * (1 - (pct - 0.25) / 0.75))) * (1e-2 / 1e5 - 1e-2) / 2;
            Assert.Equal(expected, lrs[i], 12);
            Assert.Equal(expected, schedule.LearningRateAt(pct), 12);
        }
        Assert.Equal(1e-2 / 25, schedule.LearningRateAt(0), 15);
        Assert.Equal(1e-2, schedule.LearningRateAt(0.25), 15);
        Assert.Equal(1e-2 / 1e5, schedule.LearningRateAt(1), 15);
        Assert.Equal(0.85, schedule.MomentumAt(0.25), 15);
        Assert.Equal(0.95, schedule.MomentumAt(1), 15);
    }

    [Fact]
    public void GetPredsReturnsProbabilitiesForTheWholeValidationSetInOrder()
    {
        var learn = LearnerFixtures.Small(train: 128, valid: 100);
        var (preds, targets) = learn.GetPreds();
        using (preds)
        using (targets)
        {
            Assert.Equal(new long[] { 100, 10 }, preds.shape);
            Assert.Equal(learn.Dls.Valid.Dataset.Labels, targets.data<long>().ToArray());
            foreach (var rowSum in preds.sum(1).data<float>().ToArray()) Assert.Equal(1f, rowSum, 4);
        }
    }

    [Fact]
    public void RecorderPrintsFastaisEpochTable()
    {
        var learn = LearnerFixtures.Small();
        learn.Fit(2, 1e-3);
        var lines = learn.Recorder.ToString().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^epoch\s+train_loss\s+valid_loss\s+accuracy\s+time$", lines[0]);
        Assert.Matches(@"^1\s+\d+\.\d{6}\s+\d+\.\d{6}\s+0\.\d{6}\s+\d\d:\d\d$", lines[2]);
    }

    [Fact]
    public void ProgressCallbackWritesTheTableAsEpochsEnd()
    {
        var output = new StringWriter();
        var learn = LearnerFixtures.Small(callbacks: [new ProgressCallback(output, showBar: false)]);
        learn.Fit(2, 1e-3);
        var lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("epoch", lines[0]);
        Assert.StartsWith("0 ", lines[1]);
        Assert.StartsWith("1 ", lines[2]);
        Assert.Equal("train [###############---------------] 5/10 00:10<00:10", ProgressCallback.Bar(5, 10, TimeSpan.FromSeconds(10), "train"));
    }
}
