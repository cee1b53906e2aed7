using FasterSharp.Distill;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Distill.DistillationFixtures;

namespace FasterSharp.Tests.Distill;

/// <summary>One FitNetLoss used again with other layer shapes: by another learner, or after the student was pruned.</summary>
public class FitNetLossReuseTests
{
    private static readonly string[] Layer = ["features.3"]; // conv of the first stage: 8 channels at width 0.25, 16 at 0.5

    private static Learner NarrowStudent()
    {
        manual_seed(3);
        return new Learner(LearnerFixtures.Data(128, 64, 64), SmallCnns.ScaledVggStyle(0.125), metrics: [new Accuracy()], showProgress: false);
    }

    private static List<Parameter> Held(Learner learn) =>
        learn.Optimizer!.ParamGroups.OfType<ParamGroup>().SelectMany(g => g.Parameters).ToList();

    private static float[] Values(Tensor t) => t.detach().cpu().data<float>().ToArray();

    [Fact]
    public void ALossSharedByTwoLearnersWithDifferentShapesKeepsEachLearnersAdapterAlive()
    {
        var teacher = Teacher();
        var loss = new FitNetLoss();
        var a = Student();
        var b = NarrowStudent();
        var kdA = new KnowledgeDistillationCallback(teacher, loss, 0.5, Layer, Layer);
        var kdB = new KnowledgeDistillationCallback(teacher, loss, 0.5, Layer, Layer);

        a.Fit(1, 1e-2, [kdA]);
        var adapterA = Assert.IsType<Conv2d>(loss.Adapters.Single());
        Assert.Equal([16L, 8, 1, 1], adapterA.weight!.shape);
        b.Fit(1, 1e-2, [kdB]);
        var adapterB = Assert.IsType<Conv2d>(loss.Adapters.Single());
        Assert.Equal([16L, 4, 1, 1], adapterB.weight!.shape);
        Assert.False(adapterA.weight.IsInvalid, "B's fit disposed the adapter A's optimizer holds");
        var trainedA = Values(adapterA.weight);

        a.Fit(1, 1e-2, [kdA]); // before the fix: "Tensor invalid -- empty handle" in the first step

        Assert.Same(adapterA, loss.Adapters.Single());
        Assert.False(trainedA.SequenceEqual(Values(adapterA.weight)), "A's adapter keeps training with A");
        Assert.All(Held(a), p => Assert.False(p.IsInvalid));
        Assert.All(a.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        b.Fit(1, 1e-2, [kdB]);
        Assert.Same(adapterB, loss.Adapters.Single());
    }

    [Fact]
    public void AfterPruningTheStudentTheNextFitTrainsANewAdapterInANewOptimizer()
    {
        var loss = new FitNetLoss();
        var learn = Student();
        var kd = new KnowledgeDistillationCallback(Teacher(), loss, 0.5, Layer, Layer);
        learn.Fit(1, 1e-2, [kd]);
        var before = Assert.IsType<Conv2d>(loss.Adapters.Single());

        Pruner.PruneFilters(learn.Model, learn.Dls.Valid.MakeBatch([0, 1]).Input, 50);
        learn.Fit(1, 1e-2, [kd]);

        var after = Assert.IsType<Conv2d>(loss.Adapters.Single());
        Assert.Equal([16L, 4, 1, 1], after.weight!.shape);
        Assert.NotSame(before, after);
        var held = Held(learn).ToHashSet<Parameter>(ReferenceEqualityComparer.Instance);
        Assert.All(learn.Model.parameters(), p => Assert.Contains(p, held));
        Assert.All(loss.Parameters, p => Assert.Contains(p, held));
        Assert.All(held, p => Assert.False(p.IsInvalid));
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(kd.LastDistillationLoss > 0);
    }

    [Fact]
    public void AnAdapterTheOptimizerHoldsIsNotDisposedWhenTheLossIsPreparedForOtherShapes()
    {
        var loss = new FitNetLoss();
        var pairs8 = new[] { new FeatureLayerPair("s", "t", [8, 4, 4], [16, 4, 4]) };
        var pairs4 = new[] { new FeatureLayerPair("s", "t", [4, 4, 4], [16, 4, 4]) };
        loss.Prepare(pairs8, CPU, ScalarType.Float32);
        var first = loss.Adapters.Single()!;
        var parameters = loss.Parameters;
        loss.Prepare(pairs4, CPU, ScalarType.Float32);
        Assert.All(parameters, p => Assert.False(p.IsInvalid));
        Assert.NotSame(first, loss.Adapters.Single());
        Assert.DoesNotContain(parameters[0], loss.Parameters);
        loss.Prepare(pairs8, CPU, ScalarType.Float32);
        Assert.Same(first, loss.Adapters.Single()); // the same shapes again: the adapter trained for them
    }
}
