using FasterSharp.Decompose;
using FasterSharp.Fold;
using FasterSharp.Learning;
using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

/// <summary>A learner reused after its model's layers were replaced (pruned, folded, decomposed), between fits or
/// from a callback during one.</summary>
public class LearnerModelChangeTests
{
    private const string RebuildLine = "Learner: the model's parameters changed since the optimizer was made";

    private static Tensor Sample(Learner learn) => learn.Dls.Valid.MakeBatch([0, 1]).Input;

    /// <summary>Runs <paramref name="action"/> with the console captured; returns what it printed.</summary>
    private static string Console(Action action)
    {
        var captured = new StringWriter();
        var previous = System.Console.Out;
        System.Console.SetOut(captured);
        try
        {
            action();
        }
        finally
        {
            System.Console.SetOut(previous);
        }
        return captured.ToString();
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    private static HashSet<Parameter> OptimizerParameters(Learner learn) =>
        learn.Optimizer!.ParamGroups.OfType<ParamGroup>().SelectMany(g => g.Parameters).ToHashSet<Parameter>(ReferenceEqualityComparer.Instance);

    private static void AssertOptimizerHoldsExactlyTheModel(Learner learn)
    {
        var held = OptimizerParameters(learn);
        var model = learn.Model.parameters().ToHashSet<Parameter>(ReferenceEqualityComparer.Instance);
        Assert.True(held.SetEquals(model), $"the optimizer holds {held.Count} parameters, the model has {model.Count}, not the same ones");
    }

    public static TheoryData<string> Changes() => ["prune", "fold", "decompose"];

    private static void Change(Learner learn, string change)
    {
        switch (change)
        {
            case "prune":
                Pruner.PruneFilters(learn.Model, Sample(learn), 50);
                break;
            case "fold":
                learn.Model.eval();
                BatchNormFolder.Fold(learn.Model, Sample(learn));
                break;
            default:
                LinearDecomposer.Decompose(learn.Model, RankSelection.Rank(2));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void AFitAfterTheModelsLayersWereReplacedMakesANewOptimizerAndTrainsTheNewParameters(string change)
    {
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-2);
        var first = learn.Optimizer;
        Change(learn, change);
        var before = LearnerFixtures.Snapshot(learn.Model);

        var printed = Console(() => learn.Fit(1, 1e-2));

        Assert.Equal(1, Count(printed, RebuildLine));
        Assert.Contains("a new optimizer was created", printed);
        Assert.NotSame(first, learn.Optimizer);
        AssertOptimizerHoldsExactlyTheModel(learn);
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(double.IsFinite(learn.Recorder.Epochs.Single().ValidLoss));
        var after = LearnerFixtures.Snapshot(learn.Model);
        foreach (var (name, _) in learn.Model.named_parameters())
            Assert.False(before[name].SequenceEqual(after[name]), $"{name} did not train after the {change}");

        // The next fit on the unchanged model keeps the optimizer (and its state) and says nothing.
        var kept = learn.Optimizer;
        Assert.DoesNotContain(RebuildLine, Console(() => learn.Fit(1, 1e-2)));
        Assert.Same(kept, learn.Optimizer);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void ACallbackThatReplacesLayersAfterTheFirstEpochDoesNotBreakTheFit(string change)
    {
        var learn = LearnerFixtures.Tiny();
        var hook = new EventHook("AfterEpoch", l => Change(l, change));
        var printed = Console(() => learn.Fit(2, 1e-2, [hook]));

        Assert.Equal(1, Count(printed, RebuildLine));
        Assert.Equal([0, 1], learn.Recorder.Epochs.Select(r => r.Epoch));
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.All(learn.Recorder.Epochs, r => Assert.True(double.IsFinite(r.ValidLoss)));
        Assert.Equal(8, learn.Recorder.Losses.Count);
        AssertOptimizerHoldsExactlyTheModel(learn);
    }

    [Fact]
    public void AMidFitRebuildKeepsTheOneCycleLearningRateAndMomentumOfTheBatch()
    {
        var learn = LearnerFixtures.Tiny();
        var momenta = new List<double>();
        var watch = new StepWatch(momenta);
        learn.FitOneCycle(2, 1e-2, [new EventHook("AfterEpoch", l => Change(l, "prune")), watch]);

        var schedule = OneCycleScheduler.Create(1e-2);
        var total = learn.Recorder.LearningRates.Count;
        Assert.Equal(8, total);
        for (var i = 0; i < total; i++)
        {
            Assert.Equal(schedule.LearningRateAt((double)i / total), learn.Recorder.LearningRates[i], 12);
            Assert.Equal(schedule.MomentumAt((double)i / total), momenta[i], 12);
        }
        AssertOptimizerHoldsExactlyTheModel(learn);
    }

    /// <summary>Reads the first beta of the optimizer right after each step, i.e. what the step used.</summary>
    private sealed class StepWatch(List<double> momenta) : Callback
    {
        public override int Order => 100;

        public override void AfterStep() =>
            momenta.Add(Learn.Optimizer!.ParamGroups.OfType<optim.IBetas>().First().Betas.Item1);
    }

    [Fact]
    public void ACallbackThatReplacesLayersAfterAStepDoesNotBreakTheNextOne()
    {
        // Changed in AfterStep: the loop zeroes the gradients right after, then steps again in the next batch.
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-2, [new EventHook("AfterStep", l => Change(l, "prune"))]);
        Assert.Equal(4, learn.Recorder.Losses.Count);
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        AssertOptimizerHoldsExactlyTheModel(learn);
    }

    /// <summary>Trains a scale of the loss through the learner's optimizer, added in BeforeFit as
    /// KnowledgeDistillationCallback adds FitNet's adapters.</summary>
    private sealed class LearnedScale : Callback
    {
        public Parameter Scale { get; } = new(ones(1));
        public List<float> AtEpochEnd { get; } = [];

        public override void BeforeFit()
        {
            if (!OptimizerParameters(Learn).Contains(Scale)) Learn.Optimizer!.add_param_group(new AdamW.ParamGroup([Scale]));
        }

        public override void AfterLoss()
        {
            if (Learn.Training) Learn.Loss = Learn.Loss! * Scale;
        }

        public override void AfterEpoch() => AtEpochEnd.Add(Scale.detach().item<float>());
    }

    [Fact]
    public void ParametersACallbackAddedToTheOptimizerKeepTrainingAfterAMidFitRebuild()
    {
        var scale = new LearnedScale();
        var learn = LearnerFixtures.Tiny([scale]);
        // Ordered before the LearnedScale (both order 0, the hook added later runs later): prune after scale's AfterEpoch.
        learn.Fit(2, 1e-2, [new EventHook("AfterEpoch", l => Change(l, "prune"))]);
        Assert.Contains(scale.Scale, OptimizerParameters(learn));
        Assert.Equal(2, scale.AtEpochEnd.Count);
        Assert.NotEqual(scale.AtEpochEnd[0], scale.AtEpochEnd[1]); // stepped in epoch 1, by the new optimizer
    }

    [Fact]
    public void AParameterTheOptimizerHeldThatWasDisposedIsDroppedBeforeTheNextFit()
    {
        var scale = new LearnedScale();
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-2, [scale]);
        scale.Scale.Dispose();

        var printed = Console(() => learn.Fit(1, 1e-2)); // before: the step failed on the disposed parameter

        Assert.Contains("Learner: 1 parameter the optimizer held besides the model's was disposed; a new optimizer was created", printed);
        Assert.DoesNotContain(OptimizerParameters(learn), p => p.IsInvalid);
        AssertOptimizerHoldsExactlyTheModel(learn);
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void SaveAndLoadAfterPruningUseAnOptimizerOfThePrunedModel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fastersharp-{Guid.NewGuid():N}", "pruned.ckpt");
        try
        {
            var learn = LearnerFixtures.Tiny();
            learn.Fit(1, 1e-2);
            Change(learn, "prune");
            learn.Save(path);
            AssertOptimizerHoldsExactlyTheModel(learn);
            learn.Load(path);
            learn.Fit(1, 1e-2);
            Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
