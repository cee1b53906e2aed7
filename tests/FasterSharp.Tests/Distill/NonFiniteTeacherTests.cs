using FasterSharp.Distill;
using FasterSharp.Learning;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Distill.DistillationFixtures;
using static FasterSharp.Tests.ModuleInspection;

namespace FasterSharp.Tests.Distill;

/// <summary>A teacher that outputs NaN or ∞ used to train the student to NaN without a word.</summary>
public class NonFiniteTeacherTests
{
    private static readonly string[] Layers = ["features.5", "features.12", "features.16"];

    private static void Poison(nn.Module teacher)
    {
        using var noGrad = no_grad();
        var last = teacher.modules().OfType<Linear>().Last();
        last.bias![3] = float.NaN;
        var firstConv = teacher.modules().OfType<Conv2d>().First();
        firstConv.bias![0] = float.PositiveInfinity;
    }

    /// <summary>Poisons the teacher at the end of the first epoch, as a diverged or corrupted teacher would be.</summary>
    private sealed class PoisonAfterFirstEpoch(nn.Module teacher) : Callback
    {
        public override void AfterEpoch()
        {
            if (Learn.Epoch == 0) Poison(teacher);
        }
    }

    private static bool AllFinite(nn.Module model) => model.parameters().All(p =>
    {
        using var finite = isfinite(p).all();
        return finite.item<bool>();
    });

    [Fact]
    public void ATeacherThatGivesNaNOnTheProbeBatchIsRefusedBeforeAnyWeightChanges()
    {
        var teacher = Teacher();
        Poison(teacher);
        var learn = Student();
        var before = LearnerFixtures.Snapshot(learn.Model);

        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3, [new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(), 0.5)]));

        Assert.Equal("teacher", e.ParamName);
        Assert.Contains("NaN or ∞", e.Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATeacherThatTurnsNaNDuringTheFitStopsItBeforeTheBatchIsStepped(bool featureLoss)
    {
        var teacher = Teacher();
        var learn = Student();
        var kd = featureLoss
            ? new KnowledgeDistillationCallback(teacher, new AttentionLoss(), 0.5, Layers, Layers)
            : new KnowledgeDistillationCallback(teacher, new SoftTargetLoss(), 0.5);

        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(2, 1e-3, [kd, new PoisonAfterFirstEpoch(teacher)]));

        Assert.Contains("teacher", e.Message);
        Assert.Contains("batch 0 of epoch 1", e.Message);
        Assert.True(AllFinite(learn.Model), "the student's weights stay finite");
        Assert.Equal(0, ForwardHookCount(teacher));
        Assert.Single(learn.Recorder.Epochs);
    }
}
