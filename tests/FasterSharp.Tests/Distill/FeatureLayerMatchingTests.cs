using FasterSharp.Distill;
using FasterSharp.Models;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

public class FeatureLayerMatchingTests
{
    [Fact]
    public void VggStyleNetsOfDifferentWidthsPairTheLastLayerOfEachResolution()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var student = SmallCnns.ScaledVggStyle(0.25);
        var teacher = SmallCnns.ScaledVggStyle(1);
        student.eval();
        var pairs = FeatureLayerMatching.ByOutputShape(student, teacher, randn(2, 1, 28, 28));

        // 28×28: conv features.0 and features.3 (BN and ReLU skipped) → the later one; 14×14: features.6 (pool),
        // .7, .10 → .10; 7×7: features.13 (pool), .14 → .14; 3×3: the pool features.17 and the container
        // "features" → the shallower container.
        Assert.Equal(["features.3", "features.10", "features.14", "features"], pairs.Select(p => p.StudentLayer));
        Assert.Equal(["features.3", "features.10", "features.14", "features"], pairs.Select(p => p.TeacherLayer));
        Assert.Equal([8L, 28, 28], pairs[0].StudentShape);
        Assert.Equal([32L, 28, 28], pairs[0].TeacherShape);
        Assert.Equal([32L, 3, 3], pairs[3].StudentShape);
        Assert.True(teacher.training, "the teacher's training mode is restored");
        Assert.False(student.training, "the student's (eval) mode is restored");
    }

    [Fact]
    public void MatchingChannelsPairsOnlyEqualShapes()
    {
        using var scope = NewDisposeScope();
        var student = SmallCnns.ScaledVggStyle(0.25);
        Assert.Empty(FeatureLayerMatching.ByOutputShape(student, SmallCnns.ScaledVggStyle(1), randn(2, 1, 28, 28), matchChannels: true));
        var same = FeatureLayerMatching.ByOutputShape(student, SmallCnns.ScaledVggStyle(0.25), randn(2, 1, 28, 28), matchChannels: true);
        // Keyed by [C, H, W], the pools that change the resolution (features.6, .13) have their own keys.
        Assert.Equal(["features.3", "features.10", "features.6", "features.14", "features.13", "features"], same.Select(p => p.StudentLayer));
        Assert.All(same, p => Assert.Equal(p.StudentShape, p.TeacherShape));
        Assert.All(same, p => Assert.Equal(p.StudentLayer, p.TeacherLayer));
    }

    [Fact]
    public void OneByOneOutputsAndFlatOutputsAreLeftOut()
    {
        using var scope = NewDisposeScope();
        // PruningNet: conv1 24×24 → pool1 12×12 → conv2 8×8 → conv3 4×4 → global pool 1×1 → flatten → Linear.
        var pairs = FeatureLayerMatching.ByOutputShape(SmallCnns.PruningNet(), SmallCnns.PruningNet(), randn(2, 1, 28, 28));
        Assert.Equal(["conv1", "pool1", "conv2", "conv3"], pairs.Select(p => p.StudentLayer));
        Assert.DoesNotContain(pairs, p => p.StudentLayer is "pool" or "fc1" or "flatten");
    }

    [Fact]
    public void NetsWithoutASharedResolutionGiveNoPairs()
    {
        using var scope = NewDisposeScope();
        Assert.Empty(FeatureLayerMatching.ByOutputShape(SmallCnns.PruningNet(), SmallCnns.ScaledVggStyle(0.25), randn(1, 1, 28, 28)));
    }

    [Fact]
    public void AModelThatRejectsTheSampleIsAClearError()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() =>
            FeatureLayerMatching.ByOutputShape(SmallCnns.ScaledVggStyle(0.25), SmallCnns.ScaledVggStyle(0.25), randn(2, 3, 28, 28)));
        Assert.Contains("student failed on the sample input [2, 3, 28, 28]", e.Message);
    }
}
