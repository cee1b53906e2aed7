using FasterSharp.Distill;
using FasterSharp.Learning;
using FasterSharp.Sparse;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Distill.DistillationFixtures;
using static FasterSharp.Tests.ModuleInspection;

namespace FasterSharp.Tests.Distill;

public class KnowledgeDistillationCallbackTests
{
    private static readonly string[] Layers = ["features.5", "features.12", "features.16"]; // the ReLU after each stage

    [Fact]
    public void TheTeacherIsBitIdenticalAfterAFitAndTheHooksAreGone()
    {
        var teacher = Teacher();
        teacher.train(); // the callback must still run it in eval mode (BatchNorm statistics untouched)
        var before = Bytes(teacher);
        var learn = Student();
        var kd = new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, Layers, Layers);
        var studentBefore = LearnerFixtures.Snapshot(learn.Model);

        learn.Fit(1, 1e-3, [kd]);

        AssertBitIdentical(before, teacher);
        Assert.All(teacher.parameters(), p => Assert.Null(p.grad)); // run under no_grad: no gradient ever reached it
        Assert.True(teacher.training, "the teacher's training mode is restored after the fit");
        Assert.Equal(0, ForwardHookCount(teacher));
        Assert.Equal(0, ForwardHookCount(learn.Model));
        Assert.True(double.IsFinite(kd.LastDistillationLoss) && kd.LastDistillationLoss > 0, $"distillation loss {kd.LastDistillationLoss}");
        var studentAfter = LearnerFixtures.Snapshot(learn.Model);
        Assert.Contains(studentBefore.Keys, key => !studentBefore[key].SequenceEqual(studentAfter[key])); // the student did train
    }

    /// <summary>Records the learner's loss at AfterLoss, before (Order −1) or after (Order 1) the distillation callback.</summary>
    private sealed class LossProbe(int order) : Callback
    {
        public override int Order => order;
        public List<double> Losses { get; } = [];
        public List<double> Weights { get; } = [];
        public List<double> Progress { get; } = [];
        public KnowledgeDistillationCallback? Kd { get; init; }

        public override void AfterLoss()
        {
            if (!Learn.Training) return;
            Losses.Add(Learn.Loss!.item<float>());
            Progress.Add(Learn.PctTrain);
            if (Kd is not null) Weights.Add(Kd.CurrentWeight);
        }
    }

    /// <summary>After the distillation callback: recomputes the soft-target loss from the batch independently.</summary>
    private sealed class SoftTargetOracle(nn.Module<Tensor, Tensor> teacher, double temperature) : Callback
    {
        public override int Order => 1;
        public List<double> Values { get; } = [];

        public override void AfterLoss()
        {
            if (!Learn.Training) return;
            using var noGrad = no_grad();
            var wasTraining = teacher.training;
            teacher.eval();
            var t = teacher.forward(Learn.X!) / temperature;
            var s = Learn.Pred! / temperature;
            // Σ q (log q − log p) / batch · T², written out with plain ops.
            var q = t.softmax(1);
            var kl = (q * (t.log_softmax(1) - s.log_softmax(1))).sum() / s.shape[0] * (temperature * temperature);
            Values.Add(kl.item<float>());
            teacher.train(wasTraining);
        }
    }

    [Fact]
    public void TheLossIsTheWeightedMixOfTaskAndDistillationLosses()
    {
        var teacher = Teacher();
        var kd = new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(3), weight: 0.3);
        var task = new LossProbe(-1);
        var mixed = new LossProbe(1);
        var oracle = new SoftTargetOracle(teacher, 3);
        var learn = Student(callbacks: [task, mixed, oracle]);
        learn.Fit(2, 1e-3, [kd]);

        Assert.Equal(4, mixed.Losses.Count); // 2 epochs × 2 batches
        for (var i = 0; i < mixed.Losses.Count; i++)
        {
            var expected = 0.7 * task.Losses[i] + 0.3 * oracle.Values[i];
            Assert.True(Math.Abs(mixed.Losses[i] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                $"batch {i}: loss {mixed.Losses[i]}, expected 0.7·{task.Losses[i]} + 0.3·{oracle.Values[i]} = {expected}");
            Assert.True(Math.Abs(task.Losses[i] - oracle.Values[i]) > 1e-3, "the two parts differ, so the mix is really tested");
        }
    }

    [Fact]
    public void ValidationLossIsTheTaskLossAlone()
    {
        var learn = Student();
        learn.Fit(1, 1e-3, [new KnowledgeDistillationCallback(Teacher(), new SoftTargetLoss(), 0.9)]);
        var recorded = learn.Recorder.Epochs[^1].ValidLoss;
        Assert.Equal(learn.Validate().Loss, recorded, 6);
    }

    [Fact]
    public void AScheduleVariesTheWeightWithTrainingProgress()
    {
        var kd = new KnowledgeDistillationCallback(Teacher(), new LogitsLoss(), weight: 0.8, schedule: Schedule.Lin);
        var probe = new LossProbe(1) { Kd = kd };
        var learn = Student(callbacks: [probe]);
        learn.Fit(2, 1e-3, [kd]);
        Assert.Equal([0.0, 0.25, 0.5, 0.75], probe.Progress);
        Assert.Equal(probe.Progress.Select(p => 0.8 * p), probe.Weights);
    }

    [Fact]
    public void FitNetAdaptersJoinTheOptimizerAndTrainWithTheStudent()
    {
        var loss = new FitNetLoss();
        var kd = new KnowledgeDistillationCallback(Teacher(), loss, 0.5, ["features.3", "features.14"], ["features.3", "features.14"]);
        var learn = Student();
        learn.Fit(1, 1e-2, [kd]);

        Assert.Equal(2, loss.Adapters.Count);
        var adapter = Assert.IsType<Conv2d>(loss.Adapters[0]);
        Assert.Equal([16L, 8, 1, 1], adapter.weight!.shape); // student 8 channels → teacher 16
        var inOptimizer = learn.Optimizer!.ParamGroups.OfType<ParamGroup>().SelectMany(g => g.Parameters).Select(p => p.Handle).ToList();
        Assert.All(loss.Parameters, p => Assert.Contains(p.Handle, inOptimizer));
        var trained = adapter.weight.clone();

        learn.Fit(1, 1e-2, [kd]); // a second fit: same adapters, no second copy in the optimizer
        Assert.Same(adapter, loss.Adapters[0]);
        Assert.Equal(2, learn.Optimizer.ParamGroups.Count());
        Assert.False(trained.data<float>().ToArray().SequenceEqual(adapter.weight.data<float>().ToArray()), "the adapter's weights changed: it trains with the student");
    }

    [Fact]
    public void LayersArePairedByOutputShapeWhenNoneAreNamed()
    {
        var kd = new KnowledgeDistillationCallback(Teacher(), new AttentionLoss());
        var learn = Student();
        learn.Fit(1, 1e-3, [kd]);
        Assert.Equal(["features.3", "features.10", "features.14", "features"], kd.Pairs.Select(p => p.StudentLayer));
        Assert.Equal(kd.Pairs.Select(p => p.StudentLayer), kd.Pairs.Select(p => p.TeacherLayer));
        Assert.Equal([16L, 28, 28], kd.Pairs[0].TeacherShape);
        Assert.True(kd.LastDistillationLoss > 0);
    }

    /// <summary>Reads gradients before the optimizer step.</summary>
    private sealed class GradientProbe : Callback
    {
        public List<(double Below, double Above)> Norms { get; } = [];

        public override void BeforeStep()
        {
            var named = Learn.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            double Norm(string name) => named[name].grad is { } g ? g.abs().sum().item<float>() : 0;
            Norms.Add((Norm("features.0.weight"), Norm("classifier.6.weight")));
        }
    }

    [Fact]
    public void AFeatureLossSendsGradientsThroughTheHookedLayerOnly()
    {
        // w = 1: the loss is the attention loss alone, which depends on the layers up to features.5 and not on the classifier.
        var kd = new KnowledgeDistillationCallback(Teacher(), new AttentionLoss(), 1.0, ["features.5"], ["features.5"]);
        var probe = new GradientProbe();
        Student(callbacks: [probe]).Fit(1, 1e-3, [kd]);
        Assert.All(probe.Norms, n => Assert.True(n.Below > 0, $"features.0 gets no gradient: {n.Below}"));
        Assert.All(probe.Norms, n => Assert.Equal(0, n.Above));
    }

    [Fact]
    public void DecoupledKDGetsTheTargets()
    {
        var kd = new KnowledgeDistillationCallback(Teacher(), new DecoupledKDLoss(), 0.5);
        Student().Fit(1, 1e-3, [kd]);
        Assert.True(double.IsFinite(kd.LastDistillationLoss) && kd.LastDistillationLoss > 0);
    }

    // ------------------------------------------------------------------ failures before the first batch

    private static void AssertFailsBeforeTheFirstBatch(KnowledgeDistillationCallback kd, nn.Module teacher, params string[] inMessage)
    {
        var learn = Student();
        var weights = LearnerFixtures.Snapshot(learn.Model);
        var teacherBytes = Bytes(teacher);
        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3, [kd]));
        foreach (var text in inMessage) Assert.Contains(text, e.Message);
        LearnerFixtures.AssertSameWeights(weights, learn.Model);
        AssertBitIdentical(teacherBytes, teacher);
        Assert.Empty(learn.Recorder.Losses);
        Assert.Equal(0, ForwardHookCount(learn.Model));
        Assert.Equal(0, ForwardHookCount(teacher));
    }

    [Fact]
    public void AnUnknownStudentLayerFailsBeforeTheFirstBatch()
    {
        var teacher = Teacher();
        var kd = new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, ["features.3", "features.99"], ["features.3", "features.10"]);
        AssertFailsBeforeTheFirstBatch(kd, teacher, "student has no layer named 'features.99'", "features.10");
    }

    [Fact]
    public void AnUnknownTeacherLayerFailsInTheConstructor()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(Teacher(), new FitNetLoss(), 0.5, ["features.3"], ["layer1"]));
        Assert.Equal("teacherLayers", e.ParamName);
        Assert.Contains("teacher has no layer named 'layer1'", e.Message);
    }

    [Fact]
    public void ShapesTheLossCannotCompareFailNamingBothLayers()
    {
        var teacher = Teacher();
        AssertFailsBeforeTheFirstBatch(
            new KnowledgeDistillationCallback(teacher, new ActivationBoundariesLoss(), 0.5, ["features.3"], ["features.3"]),
            teacher, "student layer 'features.3' [8, 28, 28]", "teacher layer 'features.3' [16, 28, 28]", "identical shapes");
        AssertFailsBeforeTheFirstBatch(
            new KnowledgeDistillationCallback(teacher, new FitNetLoss(adapt: false), 0.5, ["features.14"], ["features.14"]),
            teacher, "'features.14' [32, 7, 7]", "'features.14' [64, 7, 7]", "adapter is off");
        AssertFailsBeforeTheFirstBatch(
            new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, ["features.3"], ["features.10"]),
            teacher, "'features.3' [8, 28, 28]", "'features.10' [32, 14, 14]", "height × width");
    }

    [Fact]
    public void ATeacherWithOtherOutputsFailsBeforeTheFirstBatch()
    {
        var teacher = Teacher(numClasses: 5);
        AssertFailsBeforeTheFirstBatch(new KnowledgeDistillationCallback(teacher, new SoftTargetLoss()), teacher, "[8, 10]", "[8, 5]");
    }

    [Fact]
    public void ATeacherThatRejectsTheDataFailsBeforeTheFirstBatch()
    {
        manual_seed(1);
        var teacher = FasterSharp.Models.SmallCnns.ScaledVggStyle(0.5, inChannels: 3);
        AssertFailsBeforeTheFirstBatch(new KnowledgeDistillationCallback(teacher, new SoftTargetLoss()), teacher, "teacher failed on a validation batch [8, 1, 28, 28]");
    }

    [Fact]
    public void ATeacherSharingParametersWithTheStudentIsRejected()
    {
        var learn = Student();
        var features = (nn.Module<Tensor, Tensor>)learn.Model.named_children().First(c => c.name == "features").module;
        var shared = nn.Sequential(("features", features), ("rest", nn.Identity()));
        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3, [new KnowledgeDistillationCallback(shared, new LogitsLoss())]));
        Assert.Contains("shares parameters with the student (features.0.weight", e.Message);
        Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3, [new KnowledgeDistillationCallback(learn.Model, new LogitsLoss())]));
    }

    // ------------------------------------------------------------------ hooks after cancelled and failed fits

    [Fact]
    public void HooksAreGoneAfterACancelledFit()
    {
        var teacher = Teacher();
        teacher.train();
        var learn = Student();
        var kd = new KnowledgeDistillationCallback(teacher, new FitNetLoss(), 0.5, Layers, Layers);
        learn.Fit(3, 1e-3, [kd, new Thrower(1, () => new CancelFitException())]);
        Assert.Single(learn.Recorder.Losses);
        Assert.Equal(0, ForwardHookCount(learn.Model));
        Assert.Equal(0, ForwardHookCount(teacher));
        Assert.True(teacher.training);
    }

    [Fact]
    public void HooksAreGoneAfterAFailedFit()
    {
        var teacher = Teacher();
        teacher.train();
        var kd = new KnowledgeDistillationCallback(teacher, new SimilarityLoss(), 0.5, Layers, Layers);
        // Attached for the learner's life, so only the clean-up event (not the removal of fit callbacks) can release it.
        var learn = Student(callbacks: [kd, new Thrower(1, () => new InvalidOperationException("boom"))]);
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => learn.Fit(2, 1e-3)).Message);
        Assert.Equal(0, ForwardHookCount(learn.Model));
        Assert.Equal(0, ForwardHookCount(teacher));
        Assert.True(teacher.training);
        learn.Remove(learn.Callbacks.OfType<Thrower>().Single());
        learn.Fit(1, 1e-3); // the same callback works again in the next fit
        Assert.Equal(0, ForwardHookCount(learn.Model));
        Assert.True(kd.LastDistillationLoss > 0);
    }

    // ------------------------------------------------------------------ constructor arguments

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void TheWeightMustBeInZeroToOne(double weight)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new KnowledgeDistillationCallback(Teacher(), new SoftTargetLoss(), weight));
        Assert.Equal("weight", e.ParamName);
    }

    [Fact]
    public void BadArgumentsAreRejectedInTheConstructor()
    {
        var teacher = Teacher();
        Assert.Equal("teacher", Assert.Throws<ArgumentNullException>(() => new KnowledgeDistillationCallback(null!, new SoftTargetLoss())).ParamName);
        Assert.Equal("loss", Assert.Throws<ArgumentNullException>(() => new KnowledgeDistillationCallback(teacher, null!)).ParamName);
        Assert.Contains("takes no layers", Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(), 0.5, ["features.3"], ["features.3"])).Message);
        Assert.Equal("teacherLayers", Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, ["features.3"])).ParamName);
        Assert.Contains("2 student layers but 1 teacher layers", Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, ["features.3", "features.10"], ["features.3"])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, [], [])).Message);
        Assert.Contains("layer 1 has no name", Assert.Throws<ArgumentException>(() =>
            new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, ["features.3", " "], ["features.3", "features.3"])).Message);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(), 0.8, schedule: Schedule.Lin.With(endValue: 1.5)));
        Assert.Equal("schedule", e.ParamName);
        Assert.Contains("must stay in [0, 1]", e.Message);
    }
}
