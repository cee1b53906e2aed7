using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

public class LearnerPreflightTests
{
    [Fact]
    public void ABatchNormInTrainingModeTurnsNaNOnOneValuePerChannelWithoutAnErrorInTorchSharp()
    {
        // The premise of the one-sample check: if a TorchSharp release adds PyTorch's check, this fails and the
        // Learner's own check can be revisited.
        var norm = nn.BatchNorm1d(3);
        norm.train();
        using var output = norm.call(ones(1, 3));
        Assert.True(norm.running_var!.isnan().all().item<bool>());
        var norm2d = nn.BatchNorm2d(3);
        norm2d.train();
        using var output2d = norm2d.call(ones(1, 3, 1, 1));
        Assert.True(norm2d.running_var!.isnan().all().item<bool>());
    }

    private static nn.Module<Tensor, Tensor> FlatBatchNormNet()
    {
        manual_seed(0);
        return nn.Sequential(nn.Flatten(), nn.Linear(64, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3));
    }

    [Fact]
    public void TheTrainingLoaderDropsItsLastIncompleteBatchSoNoOneSampleBatchReachesABatchNorm()
    {
        // 9 images in batches of 4: the last batch would have 1 image.
        var learn = LearnerFixtures.Tiny(train: 9, batchSize: 4, model: FlatBatchNormNet());
        Assert.True(learn.Dls.Train.DropLast);
        Assert.False(learn.Dls.Valid.DropLast);
        learn.Fit(2, 1e-3);
        Assert.Equal(4, learn.Recorder.Losses.Count);
        Assert.All(learn.Model.state_dict().Where(kv => kv.Key.EndsWith("running_var")), kv => Assert.False(kv.Value.isnan().any().item<bool>()));
        Assert.All(learn.Recorder.Epochs, r => Assert.False(double.IsNaN(r.ValidLoss)));
    }

    [Fact]
    public void AOneSampleTrainingBatchThatWouldReachABatchNormFailsBeforeTraining()
    {
        var learn = LearnerFixtures.Tiny(train: 9, batchSize: 4, model: FlatBatchNormNet(), dropLast: false);
        var before = LearnerFixtures.Snapshot(learn.Model);
        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(1, 1e-3));
        Assert.Contains("the last training batch has 1 sample (9 images in batches of 4, dropLast: false)", e.Message);
        Assert.Contains("BatchNorm '2' (BatchNorm1d) would get one value per channel (input [1, 6])", e.Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        Assert.Null(learn.Optimizer);

        var batchOfOne = LearnerFixtures.Tiny(train: 5, batchSize: 1, model: FlatBatchNormNet(), dropLast: false);
        Assert.Contains("every training batch has 1 sample (batch size 1)", Assert.Throws<InvalidOperationException>(() => batchOfOne.Fit(1, 1e-3)).Message);

        // One sample with 8×8 values per channel is fine for BatchNorm2d (PyTorch allows it too).
        var spatial = LearnerFixtures.Tiny(train: 5, batchSize: 1, dropLast: false);
        spatial.Fit(1, 1e-3);
        Assert.All(spatial.Model.state_dict().Where(kv => kv.Key.EndsWith("running_var")), kv => Assert.False(kv.Value.isnan().any().item<bool>()));
    }

    [Fact]
    public void TheIssuesResNetOn201ImagesInBatchesOf50TrainsWithoutNaNAndFailsClearlyWithoutDropLast()
    {
        var train = FashionMnist.Load(train: true).Subset(201, seed: 1);
        var valid = FashionMnist.Load(train: false).Subset(20, seed: 1);
        manual_seed(0);
        var resnet = Vision.ResNet18(numClasses: 10, inChannels: 1);
        var learn = new Learner(DataLoaders.FromDatasets(train, valid, batchSize: 50, normalization: Normalization.FashionMnist), resnet, showProgress: false);
        learn.Fit(1, 1e-3);
        Assert.Equal(4, learn.Recorder.Losses.Count);
        Assert.False(double.IsNaN(learn.Recorder.Epochs[0].ValidLoss));

        var keepLast = new Learner(DataLoaders.FromDatasets(train, valid, batchSize: 50, normalization: Normalization.FashionMnist, dropLast: false),
            Vision.ResNet18(numClasses: 10, inChannels: 1), showProgress: false);
        var e = Assert.Throws<InvalidOperationException>(() => keepLast.Fit(1, 1e-3));
        Assert.Contains("201 images in batches of 50", e.Message);
        Assert.Contains("layer4", e.Message);
    }

    public static TheoryData<string, string> BadMetricNames() => new()
    {
        { "accuracy,accuracy", "two metrics are named 'accuracy'" },
        { "error_rate,error_rate", "two metrics are named 'error_rate'" },
        { "valid_loss", "a metric is named 'valid_loss', a column the epoch table already has" },
        { "train_loss", "a metric is named 'train_loss'" },
        { "epoch", "a metric is named 'epoch'" },
        { "time", "a metric is named 'time'" },
    };

    [Theory]
    [MemberData(nameof(BadMetricNames))]
    public void MetricNamesThatClashWithTheEpochTableAreRejectedWhenTheLearnerIsBuilt(string names, string message)
    {
        var metrics = names.Split(',').Select(n => n switch
        {
            "accuracy" => (Metric)new Accuracy(),
            "error_rate" => new ErrorRate(),
            _ => Metric.FromFunction(n, Accuracy.Compute),
        }).ToList();
        var e = Assert.Throws<ArgumentException>(() => LearnerFixtures.Tiny(metrics: metrics));
        Assert.Equal("metrics", e.ParamName);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ALossOrModelThatCannotTrainIsRejectedBeforeAnyWeightChanges()
    {
        var cases = new (string Message, Func<nn.Module<Tensor, Tensor>, Learner> Make)[]
        {
            ("the loss function failed on a validation batch before training started: it returned null",
                m => new Learner(LearnerFixtures.Tiny().Dls, m, lossFunc: (_, _) => null!, showProgress: false)),
            ("does not depend on the model's parameters (detached?)",
                m => new Learner(LearnerFixtures.Tiny().Dls, m, lossFunc: (p, y) => nn.functional.cross_entropy(p, y).detach(), showProgress: false)),
            ("it returned 6 values (shape [6]), not one",
                m => new Learner(LearnerFixtures.Tiny().Dls, m, lossFunc: (p, y) => nn.functional.cross_entropy(p, y, reduction: nn.Reduction.None), showProgress: false)),
            ("no parameter of the model requires grad (all frozen)",
                m => { foreach (var p in m.parameters()) p.requires_grad = false; return new Learner(LearnerFixtures.Tiny().Dls, m, showProgress: false); }),
        };
        foreach (var (message, make) in cases)
        {
            var model = LearnerFixtures.TinyNet();
            var before = LearnerFixtures.Snapshot(model);
            var learn = make(model);
            Assert.Contains(message, Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3)).Message);
            LearnerFixtures.AssertSameWeights(before, model);
            Assert.Null(learn.Optimizer);
        }
        var nullFactory = new Learner(LearnerFixtures.Tiny().Dls, LearnerFixtures.TinyNet(), optimizerFactory: (_, _) => null!, showProgress: false);
        Assert.Contains("the optimizer factory returned null", Assert.Throws<InvalidOperationException>(() => nullFactory.Fit(1)).Message);
    }

    /// <summary>An optimizer that steps plain SGD but exposes no parameter group.</summary>
    private sealed class NoGroups(IEnumerable<TorchSharp.Modules.Parameter> parameters) : optim.Optimizer(IntPtr.Zero)
    {
        private readonly List<TorchSharp.Modules.Parameter> _parameters = parameters.ToList();
        public override IEnumerable<optim.ILearningRateController> ParamGroups => [];
        public override IEnumerable<TorchSharp.Modules.Parameter> parameters() => _parameters;
        public override Tensor step(Func<Tensor>? closure = null)
        {
            using var noGrad = no_grad();
            foreach (var p in _parameters)
                if (p.grad is { } g) p.sub_(g * 0.1);
            return null!;
        }
        public override void zero_grad()
        {
            foreach (var p in _parameters) p.grad?.zero_();
        }
    }

    [Fact]
    public void AnOptimizerWithoutParameterGroupsIsRejectedBeforeAnyWeightChanges()
    {
        // Before, the first step ran and the Recorder then failed reading the learning rate.
        var model = LearnerFixtures.TinyNet();
        var before = LearnerFixtures.Snapshot(model);
        var learn = new Learner(LearnerFixtures.Tiny().Dls, model, optimizerFactory: (p, _) => new NoGroups(p), showProgress: false);
        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(1, 1e-2));
        Assert.Contains("the optimizer factory made a NoGroups with no parameter group", e.Message);
        LearnerFixtures.AssertSameWeights(before, model);
        Assert.Null(learn.Optimizer);
    }

    [Fact]
    public void EpochsTimesBatchesPastIntIsRejected()
    {
        var learn = LearnerFixtures.Tiny();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => learn.Fit(int.MaxValue));
        Assert.Equal("epochs", e.ParamName);
        Assert.Contains("4 batches are more than 2147483647 training batches in one fit", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(1, 1e-3, divFactor: 1e-320));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(1, 1e-3, finalDiv: 1e-320));
        Assert.Null(learn.Optimizer);
    }

    [Fact]
    public void ACallbackThatNullsTheBatchBreaksTheLoopWithAnErrorNamingTheEvent()
    {
        foreach (var (evt, action, what) in new (string, Action<Learner>, string)[]
        {
            ("BeforeBatch", l => l.X = null, "Learner.X"), ("BeforeBatch", l => l.Y = null, "Learner.Y"),
            ("AfterPred", l => l.Pred = null, "Learner.Pred"), ("AfterLoss", l => l.Loss = null, "Learner.Loss"),
        })
        {
            var learn = LearnerFixtures.Tiny([new EventHook(evt, action)]);
            Assert.Contains($"a callback set {what} to null in {evt}", Assert.Throws<InvalidOperationException>(() => learn.Fit(1)).Message);
            Assert.Null(learn.Running);
        }
    }
}
