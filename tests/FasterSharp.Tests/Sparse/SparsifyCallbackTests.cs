using FasterSharp.Learning;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class SparsifyCallbackTests
{
    /// <summary>Runs after the SparsifyCallback in every event and checks the LTH invariant right after each reset.</summary>
    private sealed class RewindProbe(StringWriter log) : Callback
    {
        private int _resetsSeen;
        public Dictionary<string, float[]>? Saved { get; private set; }
        public int Checks { get; private set; }
        public int? SaveEpoch { get; init; }
        public override int Order => 10;

        public override void BeforeEpoch()
        {
            if (Learn.Epoch == SaveEpoch) Saved = Conv2dWeights(Learn.Model);
        }

        public override void AfterStep()
        {
            var resets = log.ToString().Split('\n').Count(l => l.StartsWith("Resetting Weights", StringComparison.Ordinal));
            if (resets == _resetsSeen) return;
            _resetsSeen = resets;
            AssertSurvivorsEqualSaved(Saved!, Learn.Model);
            Checks++;
        }
    }

    private static Dictionary<string, float[]> Conv2dWeights(nn.Module model) =>
        model.named_modules().Where(m => m.module is Conv2d)
            .ToDictionary(m => m.name, m => ((Conv2d)m.module).weight!.data<float>().ToArray());

    /// <summary>Every weight is either exactly zero (pruned) or exactly its saved value.</summary>
    private static void AssertSurvivorsEqualSaved(Dictionary<string, float[]> saved, nn.Module model)
    {
        var now = Conv2dWeights(model);
        foreach (var (name, values) in now)
        {
            var zeros = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] == 0) { zeros++; continue; }
                Assert.True(values[i] == saved[name][i], $"{name}[{i}] = {values[i]}, saved {saved[name][i]}");
            }
            Assert.True(zeros > 0, $"{name} has no pruned weight");
        }
    }

    [Fact]
    public void IterativeLotteryTicketRunOfSeed000LogsThreeStepsAtTheRightEpochs()
    {
        var log = new StringWriter();
        var probe = new RewindProbe(log) { SaveEpoch = 0 };
        var schedule = Schedule.IterativeSteps(3, startPct: 0.25);
        var sparsify = new SparsifyCallback(50, "weight", SparsityContext.Global, Criteria.LargeFinal, schedule, lth: true, log: log);
        var learn = LearnerFixtures.Small(train: 128, valid: 64, batchSize: 64, callbacks: [sparsify, probe]);
        learn.Fit(20, 1e-3);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("Pruning of weight until a sparsity of 50%", lines[0]);
        Assert.Equal("Saving Weights at epoch 0", lines[1]);
        var perEpoch = lines.Where(l => l.StartsWith("Sparsity at the end of epoch", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, perEpoch.Count);
        for (var epoch = 0; epoch < 20; epoch++)
        {
            var expected = epoch < 5 ? "0.00" : epoch < 10 ? "16.67" : epoch < 15 ? "33.33" : "50.00";
            Assert.Equal($"Sparsity at the end of epoch {epoch}: {expected}%", perEpoch[epoch]);
        }
        // A reset right before the first epoch of each step (5, 10, 15), logged before that epoch's sparsity line.
        var resets = lines.Select((l, i) => (l, i)).Where(x => x.l == "Resetting Weights to their epoch 0 values").Select(x => x.i).ToList();
        Assert.Equal(3, resets.Count);
        foreach (var (reset, epoch) in resets.Zip(new[] { 5, 10, 15 }))
            Assert.Equal($"Sparsity at the end of epoch {epoch}: ", lines[reset + 1][..($"Sparsity at the end of epoch {epoch}: ".Length)]);
        Assert.Contains("Final Sparsity: 50.00%", lines);
        Assert.Equal(3, probe.Checks);
        Assert.Equal(50.0, sparsify.FinalReport!.Overall.Sparsity, 1);
    }

    [Fact]
    public void RewindingToEpochOneResetsSurvivorsToTheirEpochOneValuesAndResetEndGivesTheSupermask()
    {
        var log = new StringWriter();
        var probe = new RewindProbe(log) { SaveEpoch = 1 };
        var sparsify = new SparsifyCallback(60, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.IterativeSteps(2, startPct: 0.5),
            lth: true, rewindEpoch: 1, resetEnd: true, log: log);
        var learn = LearnerFixtures.Small(train: 128, valid: 64, batchSize: 64, callbacks: [sparsify, probe]);
        learn.Fit(4, 1e-3);
        Assert.Contains("Saving Weights at epoch 1", log.ToString());
        Assert.Equal(2, probe.Checks);
        // resetEnd: after the fit, survivors are back at their epoch-1 values, pruned weights zero.
        AssertSurvivorsEqualSaved(probe.Saved!, learn.Model);
        foreach (var row in sparsify.FinalReport!.Rows) Assert.Equal(60.0, row.Sparsity, 0);
    }

    [Fact]
    public void MaskedWeightsStayExactlyZeroUnderSgdWithMomentumAndWeightDecay()
    {
        TorchSharp.torch.manual_seed(1);
        var log = new StringWriter();
        var sparsify = new SparsifyCallback(70, "filter", SparsityContext.Local, Criteria.LargeFinal, Schedule.OneShot, log: log);
        var learn = new Learner(LearnerFixtures.Data(256, 64), FasterSharp.Models.SmallCnns.BenchmarkCnn(),
            optimizerFactory: (p, lr) => optim.SGD(p, lr, momentum: 0.9, weight_decay: 0.01), callbacks: [sparsify], showProgress: false);
        learn.Fit(2, 0.05);
        foreach (var (name, module) in learn.Model.named_modules())
        {
            if (module is not Conv2d conv) continue;
            var filters = conv.weight!.shape[0];
            using var norms = conv.weight.abs().sum(new long[] { 1, 2, 3 });
            var zeroFilters = norms.data<float>().ToArray().Count(v => v == 0);
            Assert.Equal((int)Math.Floor(filters * 0.7), zeroFilters);
        }
        Assert.Contains("Pruning of filter until a sparsity of 70%", log.ToString());
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnyWeightChanges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparsifyCallback(150, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparsifyCallback(double.NaN, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp));
        Assert.Throws<ArgumentException>(() => new SparsifyCallback(50, "no_such_granularity", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparsifyCallback(50, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp, roundTo: 0));

        var lateRewind = new SparsifyCallback(50, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp, lth: true, rewindEpoch: 3, log: TextWriter.Null);
        var learn = LearnerFixtures.Small(callbacks: [lateRewind]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        Assert.Contains("comes after the pruning starts", Assert.Throws<ArgumentException>(() => learn.Fit(5, 1e-3)).Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);

        // No Linear layer has filters: refused when the callback is built.
        Assert.Contains("applies to none of the selected layer types (Linear)", Assert.Throws<ArgumentException>(() =>
            new SparsifyCallback(50, "filter", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp, layerTypes: LayerTypes.Linear)).Message);
        // The benchmark CNN has Linear layers, which have no kernels: refused when the fit starts, before any weight changes.
        var wrongLayers = new SparsifyCallback(50, "kernel", SparsityContext.Local, Criteria.LargeFinal, Schedule.Agp, layerTypes: LayerTypes.Conv2dAndLinear, log: TextWriter.Null);
        learn = LearnerFixtures.Small(callbacks: [wrongLayers]);
        before = LearnerFixtures.Snapshot(learn.Model);
        Assert.Contains("granularity 'kernel' is not allowed for layer '13' of type Linear", Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3)).Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        Assert.Null(wrongLayers.Sparsifier);
    }

    private static SparsifyCallback Weight50(Schedule? schedule = null) =>
        new(50, "weight", SparsityContext.Local, Criteria.LargeFinal, schedule ?? Schedule.Lin, log: TextWriter.Null);

    [Fact]
    public void AfterFitIsSafeWhenAnEarlierCallbackCancelsTheFitInBeforeFit()
    {
        var sparsify = Weight50(Schedule.OneShot);
        var learn = LearnerFixtures.Tiny([new EventHook("BeforeFit", _ => throw new CancelFitException()), sparsify]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        learn.Fit(1);
        Assert.Null(sparsify.Sparsifier);
        Assert.Null(sparsify.FinalReport);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        learn.Remove(learn.Callbacks.OfType<EventHook>().Single());
        learn.Fit(2);
        Assert.Equal(50.0, sparsify.FinalReport!.Overall.Sparsity, 0);
    }

    [Fact]
    public void AFailedFitReleasesTheSparsifier()
    {
        // BeforeFit has built the Sparsifier (a copy of every weight); then a later event fails.
        var sparsify = Weight50();
        var learn = LearnerFixtures.Tiny([sparsify, new EventHook("BeforeEpoch", _ => throw new InvalidOperationException("boom"))]);
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => learn.Fit(1)).Message);
        Assert.Null(sparsify.Sparsifier);

        // A per-layer map naming no layer is refused before the Sparsifier is built.
        var map = new SparsifyCallback(new Dictionary<string, double> { ["nope"] = 50 }, "weight", Criteria.LargeFinal, Schedule.Lin, log: TextWriter.Null);
        learn = LearnerFixtures.Tiny([map]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        Assert.Contains("no layer named 'nope' among the sparsified layers (0)", Assert.Throws<ArgumentException>(() => learn.Fit(1)).Message);
        Assert.Null(map.Sparsifier);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
    }

    public static TheoryData<string, Func<Schedule>, string> BadSchedules() => new()
    {
        { "endValue 1.05", () => new Schedule(Schedule.LinFunction, endValue: 1.05), "has endValue 1.05; a sparsity schedule's values are fractions of the target sparsity and must be in [0, 1]" },
        { "startValue -0.5", () => Schedule.Agp.With(startValue: -0.5), "has startValue -0.5" },
        { "NaN after 60%", () => new Schedule((_, _, p) => p > 0.6 ? double.NaN : p, name: "nan"), "schedule 'nan' gives NaN at 0.601 of training" },
        { "1.5 in the middle", () => new Schedule((_, _, p) => p is > 0.4 and < 0.5 ? 1.5 : p, name: "bump"), "schedule 'bump' gives 1.5 at 0.401 of training" },
        { "throws after 50%", () => new Schedule((_, _, p) => p > 0.5 ? throw new InvalidOperationException("user bug") : p, name: "bug"), "schedule 'bug' fails at 0.501 of training: user bug" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public void AScheduleWithAValueOutsideZeroOneAnywhereIsRejectedWhenTheCallbackIsBuilt(string name, Func<Schedule> schedule, string message)
    {
        _ = name;
        var e = Assert.Throws<ArgumentException>(() => Weight50(schedule()));
        Assert.Equal("schedule", e.ParamName);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("105", e.Message);
    }

    [Fact]
    public void ACriterionThatFailsOnTheModelsWeightsIsReportedBeforeTheFirstBatch()
    {
        foreach (var (criterion, message) in new (Criterion, string)[]
        {
            (new Criterion("bug", (_, _, _) => throw new InvalidOperationException("criterion bug")), "criterion 'bug' fails on layer '0': criterion bug"),
            (new Criterion("flat", (w, _, _) => w.flatten()), "criterion 'flat' fails on layer '0': criterion 'flat' returned scores of shape [36]"),
        })
        {
            var sparsify = new SparsifyCallback(50, "weight", SparsityContext.Local, criterion, Schedule.OneShot, log: TextWriter.Null);
            var learn = LearnerFixtures.Tiny([sparsify]);
            var before = LearnerFixtures.Snapshot(learn.Model);
            var e = Assert.Throws<ArgumentException>(() => learn.Fit(2));
            Assert.Contains(message, e.Message);
            LearnerFixtures.AssertSameWeights(before, learn.Model);
        }
    }

    [Fact]
    public void TicketsGoToAFolderThatIsCheckedUpFrontAndAreWrittenWhole()
    {
        Assert.Contains("is a file; tickets are saved into a folder",
            Assert.Throws<ArgumentException>(() => new SparsifyCallback(50, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.Lin,
                saveTickets: true, ticketFolder: typeof(SparsifyCallbackTests).Assembly.Location)).Message);
        var folder = Directory.CreateTempSubdirectory("tickets-").FullName;
        try
        {
            var sparsify = new SparsifyCallback(50, "weight", SparsityContext.Local, Criteria.LargeFinal, Schedule.IterativeSteps(2, startPct: 0.5),
                lth: true, saveTickets: true, ticketFolder: Path.Combine(folder, "new"), log: TextWriter.Null);
            var learn = LearnerFixtures.Tiny([sparsify]);
            learn.Fit(2);
            var tickets = Directory.GetFiles(Path.Combine(folder, "new")).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["winning_ticket_25.00.dat", "winning_ticket_50.00.dat"], tickets);
            var copy = LearnerFixtures.TinyNet(seed: 9);
            FasterSharp.Learning.StateDictFile.LoadInto(copy, Path.Combine(folder, "new", "winning_ticket_50.00.dat"));
            LearnerFixtures.AssertSameWeights(LearnerFixtures.Snapshot(learn.Model), copy);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
