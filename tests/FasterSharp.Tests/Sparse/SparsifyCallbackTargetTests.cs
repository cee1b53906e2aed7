using System.Globalization;
using FasterSharp.Learning;
using FasterSharp.Models;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

/// <summary>A fit that completes ends at the schedule's target, and the log reports what was measured.</summary>
public class SparsifyCallbackTargetTests
{
    private static int[] ZeroFilters(nn.Module model) =>
        model.modules().OfType<Conv2d>().Select(conv =>
        {
            using var norms = conv.weight!.abs().sum(new long[] { 1, 2, 3 });
            return norms.data<float>().ToArray().Count(v => v == 0);
        }).ToArray();

    [Theory]
    [InlineData("agp")]
    [InlineData("cos")]
    [InlineData("one_cycle")]
    public void ThirtyPercentOfTheSeedFourNetsFiltersEndsExactlyAtSixFifteenAndThirtyFilters(string schedule)
    {
        // The filter-pruning tutorial's case: 20, 50 and 100 filters. The last batch used to run at progress (n−1)/n, and
        // 30% of a layer floored to 5, 14 and 29 filters while the log said "Final Sparsity: 30.00%".
        manual_seed(0);
        var log = new StringWriter();
        var sparsify = new SparsifyCallback(30, "filter", SparsityContext.Local, Criteria.LargeFinal, Schedule.Parse(schedule), log: log);
        var learn = new Learner(LearnerFixtures.Data(256, 64), SmallCnns.PruningNet(), callbacks: [sparsify], showProgress: false);
        learn.Fit(2, 1e-3);

        Assert.Equal([6, 15, 30], ZeroFilters(learn.Model));
        var lines = log.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("Final Sparsity: 30.00%", lines);
        Assert.Contains("Sparsity at the end of epoch 1: 30.00%", lines);
        Assert.Equal(30.0, sparsify.FinalReport!.Overall.Sparsity, 9);
    }

    [Fact]
    public void TheLoggedSparsityIsTheMeasuredOneNotTheSchedulesValue()
    {
        // Per-layer targets: the scheduled value is the largest one (60%), the measured overall sparsity is lower.
        manual_seed(0);
        var log = new StringWriter();
        var targets = new Dictionary<string, double> { ["conv1"] = 60, ["conv2"] = 10, ["conv3"] = 10 };
        var sparsify = new SparsifyCallback(targets, "weight", Criteria.LargeFinal, Schedule.Lin, log: log);
        var learn = new Learner(LearnerFixtures.Data(256, 64), SmallCnns.PruningNet(), callbacks: [sparsify], showProgress: false);
        learn.Fit(1, 1e-3);

        var measured = SparsityReport.Of(learn.Model).Overall.Sparsity;
        Assert.InRange(measured, 10.0, 11.0);
        var lines = log.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains($"Final Sparsity: {measured.ToString("0.00", CultureInfo.InvariantCulture)}%", lines);
        Assert.Contains($"Sparsity at the end of epoch 0: {measured.ToString("0.00", CultureInfo.InvariantCulture)}%", lines);
        foreach (var (row, target) in sparsify.FinalReport!.Rows.Zip(new[] { 60.0, 10, 10 })) Assert.Equal(target, row.Sparsity, 0.05);
    }

    [Fact]
    public void ASparsifierRefusesADisposedModel()
    {
        var model = SmallCnns.BenchmarkCnn();
        model.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => new Sparsifier(model, Granularity.Weight, SparsityContext.Local, Criteria.LargeFinal));
        Assert.Contains("disposed", e.Message);
    }
}
