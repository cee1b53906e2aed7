using FasterSharp.Learning;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

public class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("checkpoint-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveThenLoadRestoresTheModelAndTheOptimizerExactly()
    {
        var path = Path.Combine(_dir, "model.dat");
        var learn = LearnerFixtures.Small();
        learn.Fit(1, 1e-3);
        learn.Save(path);
        Assert.True(File.Exists(Learner.OptimizerFile(path)));
        var saved = LearnerFixtures.Snapshot(learn.Model);
        var savedOptimizer = OptimizerBytes(learn);

        learn.Fit(1, 1e-3);
        Assert.NotEqual(savedOptimizer, OptimizerBytes(learn));
        learn.Load(path);
        LearnerFixtures.AssertSameWeights(saved, learn.Model);
        Assert.Equal(savedOptimizer, OptimizerBytes(learn));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    private static byte[] OptimizerBytes(Learner learn)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)learn.Optimizer!).save_state_dict(writer);
        return stream.ToArray();
    }

    [Fact]
    public void ATruncatedCheckpointRaisesAndLeavesTheModelUnchanged()
    {
        var path = Path.Combine(_dir, "model.dat");
        var learn = LearnerFixtures.Small();
        learn.Fit(1, 1e-3);
        learn.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        learn.Fit(1, 1e-3);
        var current = LearnerFixtures.Snapshot(learn.Model);
        Assert.ThrowsAny<Exception>(() => learn.Load(path));
        LearnerFixtures.AssertSameWeights(current, learn.Model);

        learn.Save(path);
        File.WriteAllBytes(Learner.OptimizerFile(path), [1, 2, 3]);
        learn.Fit(1, 1e-3);
        current = LearnerFixtures.Snapshot(learn.Model);
        Assert.ThrowsAny<Exception>(() => learn.Load(path));
        LearnerFixtures.AssertSameWeights(current, learn.Model);
    }

    [Fact]
    public void SaveModelCallbackKeepsTheBestEpochAndLoadsItAtTheEnd()
    {
        var path = Path.Combine(_dir, "best.dat");
        var save = new SaveModelCallback(path, monitor: "accuracy");
        var learn = LearnerFixtures.Small(callbacks: [save]);
        learn.Fit(3, 3e-3);
        var best = learn.Recorder.Epochs.MaxBy(e => e.Metrics["accuracy"])!;
        Assert.Equal(best.Epoch, save.BestEpoch);
        Assert.Equal(best.Metrics["accuracy"], learn.Validate()["accuracy"], 10);
        Assert.Throws<ArgumentException>(() => LearnerFixtures.Small(callbacks: [new SaveModelCallback(path, "nope")]).Fit(1, 1e-3));
    }
}
