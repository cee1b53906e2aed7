using FasterSharp.Data;
using FasterSharp.Learning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

public class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("checkpoint-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] OptimizerBytes(Learner learn)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((OptimizerHelper)learn.Optimizer!).save_state_dict(writer);
        return stream.ToArray();
    }

    /// <summary>A tiny learner trained one epoch (checkpoints do not depend on the data).</summary>
    private static Learner Trained()
    {
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-3);
        return learn;
    }

    /// <summary>Asserts that loading <paramref name="path"/> fails with an error naming the file, and that the model
    /// and the optimizer are exactly as before.</summary>
    private static Exception AssertLoadRefusedAndNothingChanged(Learner learn, string path)
    {
        var weights = LearnerFixtures.Snapshot(learn.Model);
        var optimizer = OptimizerBytes(learn);
        var e = Assert.ThrowsAny<Exception>(() => learn.Load(path));
        Assert.True(e is InvalidDataFileException or FileNotFoundException, $"{e.GetType().Name}: {e.Message}");
        Assert.Contains(path, e.Message);
        LearnerFixtures.AssertSameWeights(weights, learn.Model);
        Assert.Equal(optimizer, OptimizerBytes(learn));
        return e;
    }

    [Fact]
    public void SaveThenLoadRestoresTheModelAndTheOptimizerExactlyFromOneFile()
    {
        var path = PathOf("model.dat");
        var learn = Trained();
        learn.Save(path);
        Assert.Equal(["model.dat"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        var saved = LearnerFixtures.Snapshot(learn.Model);
        var savedOptimizer = OptimizerBytes(learn);

        learn.Fit(1, 1e-3);
        Assert.NotEqual(savedOptimizer, OptimizerBytes(learn));
        learn.Load(path);
        LearnerFixtures.AssertSameWeights(saved, learn.Model);
        Assert.Equal(savedOptimizer, OptimizerBytes(learn));

        // A learner that has not trained yet gets its optimizer from the checkpoint.
        var fresh = LearnerFixtures.Tiny(model: LearnerFixtures.TinyNet(seed: 5));
        Assert.Null(fresh.Optimizer);
        fresh.Load(path);
        LearnerFixtures.AssertSameWeights(saved, fresh.Model);
        Assert.Equal(savedOptimizer, OptimizerBytes(fresh));
    }

    [Fact]
    public void TheWeightsOfACheckpointAreTorchSharpsStateDictFormat()
    {
        var path = PathOf("model.dat");
        var learn = Trained();
        learn.Save(path);
        var plain = LearnerFixtures.TinyNet(seed: 7);
        plain.load(path); // official TorchSharp reads the weights at the start of the file
        LearnerFixtures.AssertSameWeights(LearnerFixtures.Snapshot(learn.Model), plain);
    }

    [Fact]
    public void ATruncatedCheckpointRaisesAndLeavesTheModelUnchanged()
    {
        var path = PathOf("model.dat");
        var learn = Trained();
        learn.Save(path);
        var bytes = File.ReadAllBytes(path);
        learn.Fit(1, 1e-3);
        foreach (var length in new[] { 0, 1, 64, bytes.Length / 10, bytes.Length / 2, bytes.Length - 65, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            AssertLoadRefusedAndNothingChanged(learn, path);
        }
        // Damage inside the optimizer section (the end of the file, before the footer), which official
        // TorchSharp would read after the weights were already overwritten.
        var damaged = (byte[])bytes.Clone();
        damaged[^100] ^= 0x40;
        File.WriteAllBytes(path, damaged);
        Assert.Contains("checksum", AssertLoadRefusedAndNothingChanged(learn, path).Message);
    }

    [Fact]
    public void ExtraBytesAndDamagedBytesAreRefusedAsAWhole()
    {
        var path = PathOf("model.dat");
        var learn = Trained();
        learn.Save(path);
        var bytes = File.ReadAllBytes(path);
        learn.Fit(1, 1e-3);
        File.WriteAllBytes(path, [.. bytes, 0]);
        Assert.Contains("not a FasterSharp checkpoint", AssertLoadRefusedAndNothingChanged(learn, path).Message);
        for (var position = 0; position < bytes.Length; position += bytes.Length / 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x01;
            File.WriteAllBytes(path, damaged);
            AssertLoadRefusedAndNothingChanged(learn, path);
        }
        File.WriteAllBytes(path, []);
        AssertLoadRefusedAndNothingChanged(learn, path);
        Assert.IsType<FileNotFoundException>(AssertLoadRefusedAndNothingChanged(learn, PathOf("missing.dat")));
        Assert.Contains("is a directory", Assert.Throws<InvalidDataFileException>(() => learn.Load(_dir)).Message);
    }

    [Fact]
    public void ALaterSaveWithoutTheOptimizerIsNeverPairedWithAnEarlierOptimizerState()
    {
        var path = PathOf("model.dat");
        var learn = Trained();
        learn.Save(path);
        var earlier = OptimizerBytes(learn);
        learn.Fit(1, 1e-3);
        learn.Save(path, withOptimizer: false);
        var weights = LearnerFixtures.Snapshot(learn.Model);
        learn.Fit(1, 1e-3);
        var current = OptimizerBytes(learn);

        learn.Load(path);
        LearnerFixtures.AssertSameWeights(weights, learn.Model);
        // The checkpoint has no optimizer state: the learner keeps its own (fastai), never the earlier save's.
        Assert.Equal(current, OptimizerBytes(learn));
        Assert.NotEqual(earlier, OptimizerBytes(learn));
        Assert.Equal(["model.dat"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ACheckpointOfAnotherModelOrOptimizerNamesWhatDiffersAndChangesNothing()
    {
        var learn = Trained();

        manual_seed(1);
        var wider = LearnerFixtures.Tiny(model: nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 5)));
        wider.Save(PathOf("wider.dat"));
        var e = AssertLoadRefusedAndNothingChanged(learn, PathOf("wider.dat"));
        Assert.Contains("entry '5.weight' has shape [5, 4], the model's is [3, 4]", e.Message);

        var doubles = LearnerFixtures.Tiny(model: (nn.Module<Tensor, Tensor>)LearnerFixtures.TinyNet().to(ScalarType.Float64));
        doubles.Save(PathOf("float64.dat"));
        Assert.Contains("has dtype Float64, the model's is Float32", AssertLoadRefusedAndNothingChanged(learn, PathOf("float64.dat")).Message);

        var sgd = new Learner(LearnerFixtures.Tiny().Dls, LearnerFixtures.TinyNet(seed: 2),
            optimizerFactory: (p, lr) => optim.SGD(p, lr, momentum: 0.9), showProgress: false);
        sgd.Fit(1, 1e-2);
        learn.Save(PathOf("adamw.dat"));
        var before = LearnerFixtures.Snapshot(sgd.Model);
        var sgdState = OptimizerBytes(sgd);
        e = Assert.Throws<InvalidDataFileException>(() => sgd.Load(PathOf("adamw.dat")));
        Assert.Contains("AdamW", e.Message);
        LearnerFixtures.AssertSameWeights(before, sgd.Model);
        Assert.Equal(sgdState, OptimizerBytes(sgd));
        // Without the optimizer, the same file loads: the weights fit.
        sgd.Load(PathOf("adamw.dat"), withOptimizer: false);
        LearnerFixtures.AssertSameWeights(LearnerFixtures.Snapshot(learn.Model), sgd.Model);
    }

    [Fact]
    public void AFailedLoadIntoALearnerWithoutOptimizerLeavesItWithout()
    {
        var path = PathOf("model.dat");
        Trained().Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1]);
        var fresh = LearnerFixtures.Tiny();
        Assert.ThrowsAny<IOException>(() => fresh.Load(path));
        Assert.Null(fresh.Optimizer);
    }

    /// <summary>A buffer that is a transposed view: TorchSharp's writer refuses non-contiguous tensors, which fails a
    /// save after the first entries are written.</summary>
    private sealed class UnsavableBuffer : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc = nn.Linear(4, 2);
        public UnsavableBuffer() : base(nameof(UnsavableBuffer))
        {
            RegisterComponents();
            register_buffer("view", ones(3, 5).t());
        }
        public override Tensor forward(Tensor input) => fc.call(input);
    }

    [Fact]
    public void ASaveThatFailsHalfWayLeavesThePreviousCheckpointAndNoTemporaryFile()
    {
        var path = PathOf("model.dat");
        var learn = new Learner(LearnerFixtures.Tiny().Dls, new UnsavableBuffer(), showProgress: false);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.ThrowsAny<Exception>(() => learn.Save(path));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["model.dat"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Throws<ArgumentException>(() => learn.Save(_dir));
        Assert.Throws<ArgumentException>(() => learn.Save("  "));
        Assert.Throws<ArgumentException>(() => learn.Save("a\0b"));
    }

    [Fact]
    public void StateDictFileLoadsAllOrNothingAndRefusesTrailingBytes()
    {
        var path = PathOf("weights.dat");
        var source = LearnerFixtures.TinyNet(seed: 3);
        StateDictFile.Save(source, path);
        var target = LearnerFixtures.TinyNet(seed: 4);
        var before = LearnerFixtures.Snapshot(target);
        var bytes = File.ReadAllBytes(path);
        foreach (var broken in new[] { bytes[..(bytes.Length / 2)], bytes[..^1], [.. bytes, 7] })
        {
            File.WriteAllBytes(path, broken);
            var e = Assert.Throws<InvalidDataFileException>(() => StateDictFile.LoadInto(target, path));
            Assert.Contains(path, e.Message);
            LearnerFixtures.AssertSameWeights(before, target);
        }
        File.WriteAllBytes(path, bytes);
        StateDictFile.LoadInto(target, path);
        LearnerFixtures.AssertSameWeights(LearnerFixtures.Snapshot(source), target);
        var other = nn.Sequential(nn.Linear(3, 3));
        Assert.Contains("has 9 entries, the model has 2 parameters and buffers", Assert.Throws<InvalidDataFileException>(() => StateDictFile.LoadInto(other, path)).Message);
    }

    [Fact]
    public void SaveModelCallbackKeepsTheBestEpochAndLoadsItAtTheEnd()
    {
        var path = PathOf("best.dat");
        var save = new SaveModelCallback(path, monitor: "valid_loss");
        var learn = LearnerFixtures.Tiny([save]);
        learn.Fit(4, 3e-2);
        var best = learn.Recorder.Epochs.MinBy(e => e.ValidLoss)!;
        Assert.Equal(best.Epoch, save.BestEpoch);
        Assert.Equal(best.ValidLoss, learn.Validate().Loss, 5);
        Assert.Equal(["best.dat"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveModelCallbackChecksItsSettingsBeforeAnyWeightChanges()
    {
        Assert.Throws<ArgumentException>(() => new SaveModelCallback(_dir));
        Assert.Throws<ArgumentException>(() => new SaveModelCallback(" "));
        Assert.Throws<ArgumentException>(() => new SaveModelCallback(PathOf("x.dat"), " "));
        var learn = LearnerFixtures.Tiny([new SaveModelCallback(PathOf("x.dat"), "nope")]);
        var before = LearnerFixtures.Snapshot(learn.Model);
        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3));
        Assert.Contains("cannot monitor 'nope'; known values: train_loss, valid_loss, accuracy", e.Message);
        LearnerFixtures.AssertSameWeights(before, learn.Model);
        Assert.Null(learn.Optimizer);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void SaveModelCallbackNeverLoadsACheckpointOfAnEarlierFit()
    {
        var path = PathOf("best.dat");
        var save = new SaveModelCallback(path);
        var learn = LearnerFixtures.Tiny();
        learn.Fit(1, 1e-3, [save]);
        Assert.True(File.Exists(path));
        learn.Fit(1, 1e-3);
        var trained = LearnerFixtures.Snapshot(learn.Model);
        // An earlier callback cancels the next fit in BeforeFit: SaveModelCallback.BeforeFit never runs, its AfterFit does.
        learn.Fit(1, 1e-3, [new EventHook("BeforeFit", _ => throw new CancelFitException()), save]);
        LearnerFixtures.AssertSameWeights(trained, learn.Model);
    }
}
