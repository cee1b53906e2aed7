using FasterSharp.Data;
using FasterSharp.Learning;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Learning;

/// <summary>Labels the model's outputs cannot take are found before training or validation starts, not mid-run.</summary>
public class LearnerLabelTests
{
    private static readonly string[] ThreeClasses = ["a", "b", "c"];

    /// <summary>Tiny 1×8×8 images with the given labels over three classes.</summary>
    private static ImageDataset Images(params long[] labels)
    {
        var pixels = new byte[labels.Length * 64];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 251);
        return new ImageDataset(pixels, labels, 1, 8, 8, ThreeClasses);
    }

    /// <summary>TinyNet with <paramref name="outputs"/> outputs.</summary>
    private static nn.Module<Tensor, Tensor> Net(int outputs)
    {
        manual_seed(0);
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, outputs));
    }

    private static DataLoaders Data(ImageDataset train, ImageDataset valid) =>
        DataLoaders.FromDatasets(train, valid, batchSize: 4, normalization: new Normalization([0.5], [0.25]));

    // Labels 0 and 1 in every training batch but one, 2 in the last: the fit used to fail in the middle of its first epoch.
    private static ImageDataset TrainingWithALateTwo() => Images(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2);

    private static ImageDataset ZerosAndOnes(int count) => Images(Enumerable.Range(0, count).Select(i => (long)(i % 2)).ToArray());

    [Fact]
    public void ATrainingLabelBeyondTheModelsOutputsIsRejectedBeforeAnyWeightChanges()
    {
        var model = Net(2);
        var before = LearnerFixtures.Snapshot(model);
        var watch = new PhaseWatch();
        var learn = new Learner(Data(TrainingWithALateTwo(), ZerosAndOnes(6)), model, callbacks: [watch], showProgress: false);

        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-2));

        Assert.Contains("the training set has label 2 (class 'c')", e.Message);
        Assert.Contains("the model has 2 outputs", e.Message);
        Assert.Contains("3 classes", e.Message);
        LearnerFixtures.AssertSameWeights(before, model);
        Assert.Null(learn.Optimizer);
        Assert.Equal(0, watch.EpochsStarted);
    }

    [Fact]
    public void AValidationLabelBeyondTheModelsOutputsOutsideTheFirstBatchIsRejectedByFitAndValidate()
    {
        // The first validation batch (8 images) has labels 0 and 1 only; image 9 has label 2.
        var valid = Images(0, 1, 0, 1, 0, 1, 0, 1, 0, 2);
        var model = Net(2);
        var before = LearnerFixtures.Snapshot(model);
        var watch = new PhaseWatch();
        var learn = new Learner(Data(ZerosAndOnes(16), valid), model, callbacks: [watch], showProgress: false);

        Assert.Contains("the validation set has label 2 (class 'c')", Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-2)).Message);
        LearnerFixtures.AssertSameWeights(before, model);

        var e = Assert.Throws<ArgumentException>(() => learn.Validate());
        Assert.Contains("the validation set has label 2 (class 'c')", e.Message);
        Assert.Contains("the model has 2 outputs", e.Message);
        Assert.Empty(watch.ValidBatches); // rejected before any validation event
        Assert.Null(learn.Running);
        Assert.True(model.training, "the model's mode is restored");
    }

    [Fact]
    public void ACustomClassLossIsProbedWithTheLargestTrainingLabel()
    {
        var model = Net(2);
        var before = LearnerFixtures.Snapshot(model);
        var learn = new Learner(Data(TrainingWithALateTwo(), ZerosAndOnes(6)), model,
            lossFunc: (p, y) => nn.functional.cross_entropy(p, y, label_smoothing: 0.1), showProgress: false);

        var e = Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-2));

        Assert.Contains("the loss function failed on label 2 (class 'c') of the training set", e.Message);
        Assert.Contains("the model has 2 outputs", e.Message);
        LearnerFixtures.AssertSameWeights(before, model);
        Assert.Null(learn.Optimizer);
    }

    [Fact]
    public void ACustomLossMayTakeLabelsThatAreNotOutputIndices()
    {
        // One logit for two classes (binary cross-entropy): label 1 is not an index into the single output, and that is fine.
        var learn = new Learner(Data(ZerosAndOnes(16), Images(0, 0, 0, 0)), Net(1),
            lossFunc: (p, y) => nn.functional.binary_cross_entropy_with_logits(p.squeeze(1), y.to_type(ScalarType.Float32)), metrics: [],
            showProgress: false);
        learn.Fit(1, 1e-2);
        Assert.All(learn.Recorder.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(double.IsFinite(learn.Validate().Loss));
    }
}
