using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

/// <summary>SaveModelCallback settings that cannot work are refused before the first epoch, and a model whose layers
/// change during the fit does not make it load a checkpoint of another shape at the end.</summary>
public class SaveModelCallbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("save-model-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AFolderThatCannotBeCreatedIsRefusedBeforeAnyWeightChanges()
    {
        // Root ignores permission bits, so the folder is made impossible instead: its parent is a regular file.
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "not a folder");
        var path = Path.Combine(file, "sub", "model.ckpt");
        var save = new SaveModelCallback(path);
        var watch = new PhaseWatch();
        var learn = LearnerFixtures.Tiny([save, watch]);
        var before = LearnerFixtures.Snapshot(learn.Model);

        var e = Assert.Throws<ArgumentException>(() => learn.Fit(2, 1e-2));

        Assert.Equal("path", e.ParamName);
        Assert.Contains($"SaveModelCallback cannot write its checkpoint '{path}'", e.Message);
        Assert.Equal(0, watch.EpochsStarted);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        Assert.Null(learn.Optimizer);
        Assert.Equal(["a-file"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AWritableFolderIsCheckedWithoutLeavingAFileBehind()
    {
        var path = Path.Combine(_dir, "new", "model.ckpt");
        var learn = LearnerFixtures.Tiny([new SaveModelCallback(path), new EventHook("BeforeFit", _ => throw new CancelFitException())]);
        learn.Fit(1, 1e-2);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir, "new"))); // the folder is made, the probe file removed
    }

    /// <summary>A minimal optimizer that is not a TorchSharp OptimizerHelper, so it cannot save its state.</summary>
    private sealed class PlainSgd : optim.Optimizer
    {
        private readonly List<Parameter> _parameters;
        private readonly ParamGroup _group;

        public PlainSgd(IEnumerable<Parameter> parameters, double lr) : base(IntPtr.Zero)
        {
            _parameters = parameters.ToList();
            _group = new ParamGroup { Parameters = _parameters, Options = new OptimizerOptions { LearningRate = lr } };
        }

        public override IEnumerable<optim.ILearningRateController> ParamGroups => [_group];

        public override IEnumerable<Parameter> parameters() => _parameters;

        public override Tensor step(Func<Tensor>? closure = null)
        {
            using var noGrad = no_grad();
            foreach (var p in _parameters)
                if (p.grad is { } g) p.sub_(g * _group.LearningRate);
            return null!;
        }

        public override void zero_grad()
        {
            foreach (var p in _parameters) p.grad?.zero_();
        }
    }

    [Fact]
    public void AnOptimizerThatCannotSaveItsStateIsRefusedAtTheFirstFitBeforeAnyWeightChanges()
    {
        var watch = new PhaseWatch();
        var model = LearnerFixtures.TinyNet();
        var before = LearnerFixtures.Snapshot(model);
        var learn = new Learner(LearnerFixtures.Tiny().Dls, model, optimizerFactory: (p, lr) => new PlainSgd(p, lr),
            callbacks: [new SaveModelCallback(Path.Combine(_dir, "model.ckpt")), watch], showProgress: false);

        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-2));

        Assert.Contains("PlainSgd cannot save it", e.Message);
        Assert.Equal(0, watch.EpochsStarted);
        LearnerFixtures.AssertSameWeights(before, model);
        Assert.Null(learn.Optimizer); // the optimizer made for the refused fit is not kept

        var plain = new Learner(LearnerFixtures.Tiny().Dls, LearnerFixtures.TinyNet(), optimizerFactory: (p, lr) => new PlainSgd(p, lr), showProgress: false);
        plain.Fit(1, 1e-2); // without the callback the optimizer is fine
        Assert.All(plain.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
    }

    /// <summary>Prunes half the filters when the given epoch starts.</summary>
    private sealed class PruneAt(int epoch) : Callback
    {
        public override void BeforeEpoch()
        {
            if (Learn.Epoch == epoch) Pruner.PruneFilters(Learn.Model, Learn.Dls.Valid.MakeBatch([0, 1]).Input, 50);
        }
    }

    [Fact]
    public void AfterLayersChangeDuringTheFitTheBestCheckpointIsTrackedAfreshAndTheOneLoadedFitsTheModel()
    {
        // A metric that is best in epoch 0 (before pruning): before the fix, the end of the fit loaded epoch 0's
        // checkpoint into the pruned model and failed with a shape mismatch.
        Learner? learn = null;
        var score = Metric.FromFunction("score", (_, _) => tensor(learn!.Epoch == 0 ? 1f : 0f));
        var path = Path.Combine(_dir, "best.ckpt");
        var save = new SaveModelCallback(path, monitor: "score");
        learn = LearnerFixtures.Tiny([new PruneAt(1), save], metrics: [score]);

        learn.Fit(3, 1e-2);

        Assert.Equal(1, save.BestEpoch);
        Assert.Equal(2, ((Conv2d)((Sequential)learn.Model).children().First()).out_channels);
        learn.Load(path); // the checkpoint kept is one of the pruned model
        Assert.Equal([0, 1, 2], learn.Recorder.Epochs.Select(r => r.Epoch));
    }
}
