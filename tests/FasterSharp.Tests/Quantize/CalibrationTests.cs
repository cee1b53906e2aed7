using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Quantize;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Quantize.QuantizeFixtures;
using static FasterSharp.Tests.ModuleInspection;

namespace FasterSharp.Tests.Quantize;

public class CalibrationTests
{
    [Fact]
    public void RangesAreTheActivationsSeenAtEachLayerAndTheModelIsUnchanged()
    {
        var model = TinyCnn();
        model.train();
        var before = Bytes(model);
        var batches = Batches(3);
        var ranges = new Quantizer().Calibrate(model, batches);

        Assert.Equal(["0", "5"], ranges.Names);
        Assert.Equal(QuantizedLayerKind.Conv2d, ranges["0"].Kind);
        Assert.Equal(QuantizedLayerKind.Linear, ranges["5"].Kind);
        Assert.Equal("min-max over 3 batches", ranges.Method);
        AssertBitIdentical(before, model);
        Assert.True(model.training, "the training mode is restored");
        Assert.Equal(0, HookCount(model));

        // The conv's input is the batches themselves; the Linear's input is what the first five modules make of them (eval mode).
        using var scope = NewDisposeScope();
        model.eval();
        var all = cat(batches, 0);
        Assert.Equal(all.min().item<float>(), ranges["0"].Input.Min);
        Assert.Equal(all.max().item<float>(), ranges["0"].Input.Max);
        var convOut = cat(batches.Select(b => model[0].call(b)).ToList(), 0);
        Assert.Equal(convOut.min().item<float>(), ranges["0"].Output!.Min);
        Assert.Equal(convOut.max().item<float>(), ranges["0"].Output!.Max);
        var features = cat(batches.Select(b => model[4].call(model[3].call(model[2].call(model[1].call(model[0].call(b)))))).ToList(), 0);
        Assert.Equal(features.min().item<float>(), ranges["5"].Input.Min);
        Assert.Equal(features.max().item<float>(), ranges["5"].Input.Max);
        Assert.Equal(QuantParams.FromRange(features.min().item<float>(), features.max().item<float>(), QuantScheme.UInt8Affine).Scale, ranges["5"].Input.Scale);
        // Weights: per output channel, int8 symmetric, from the weights themselves.
        var expected = ChannelQuantParams.FromTensor(((Conv2d)model[0]).weight!, 0, QuantScheme.Int8Symmetric);
        Assert.Equal(expected.Scales, ranges["0"].Weight.Scales);
        Assert.Equal(4, ranges["0"].Weight.Channels);
        Assert.Equal(3, ranges["5"].Weight.Channels);
        Assert.Equal(ranges["0"].Weight.Scales.Select(s => ranges["0"].Input.Scale * s), ranges["0"].BiasScales);
        Assert.Equal(2, ranges.ToTable().Rows.Count);
        Assert.Contains("<table", ranges.ToHtml());
        Assert.Contains("input scale", ranges.ToString());
        Assert.Contains("min-max over 3 batches", ranges.ToString());
    }

    [Fact]
    public void EveryConvAndLinearOfAResNetIsCalibratedUnderItsModuleName()
    {
        manual_seed(0);
        var model = Vision.ResNet18(numClasses: 10);
        using var scope = NewDisposeScope();
        var ranges = new Quantizer(new MovingAverageMinMaxObserver()).Calibrate(model, [randn(2, 3, 32, 32)]);
        var expected = ModelWalk.DepthFirst(model).Where(m => m.Module is Conv2d or Linear).Select(m => m.Name).ToList();
        Assert.Equal(21, expected.Count); // 1 stem conv + 16 block convs + 3 downsample convs + fc
        Assert.Equal(expected, ranges.Names);
        Assert.Contains("layer2.0.downsample.0", ranges.Names);
        Assert.All(ranges.Layers, l => Assert.True(l.Input.Scale > 0 && l.Output is not null));
    }

    [Fact]
    public void ExcludedLayersStayOutAndADataLoaderCanBeUsed()
    {
        var model = TinyCnn();
        var ranges = new Quantizer(exclude: ["5"]).Calibrate(model, Batches(2));
        Assert.Equal(["0"], ranges.Names);
        Assert.False(ranges.Contains("5"));
        Assert.Throws<KeyNotFoundException>(() => ranges["5"]);

        var data = FasterSharp.Data.DataLoaders.FashionMnist(batchSize: 16, trainSubset: 64, validSubset: 16);
        manual_seed(0);
        var cnn = SmallCnns.BenchmarkCnn();
        var fromLoader = new Quantizer().Calibrate(cnn, data.Train, maxBatches: 2);
        Assert.Equal("min-max over 2 batches", fromLoader.Method);
        Assert.Equal(["0", "4", "8", "13", "15"], fromLoader.Names);
    }

    [Fact]
    public void BadCalibrationInputIsAClearErrorAndChangesNothing()
    {
        var model = TinyCnn();
        var before = Bytes(model);
        var quantizer = new Quantizer();

        var none = Assert.Throws<ArgumentException>(() => quantizer.Calibrate(model, Array.Empty<Tensor>()));
        Assert.Equal("batches", none.ParamName);
        Assert.Contains("at least one batch", none.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => quantizer.Calibrate(model, FasterSharp.Data.DataLoaders.FashionMnist(batchSize: 4, trainSubset: 8, validSubset: 8).Train, 0));

        var batches = Batches(3);
        batches[1][0, 0, 2, 2] = tensor(float.NaN);
        var nan = Assert.Throws<ArgumentException>(() => quantizer.Calibrate(model, batches));
        Assert.Contains("layer '0'", nan.Message);
        Assert.Contains("batch 1", nan.Message);
        Assert.Contains("NaN", nan.Message);

        // A BatchNorm that makes NaN: the Linear after it is named.
        var broken = TinyCnn();
        using (no_grad()) ((BatchNorm2d)broken[1]).running_var!.fill_(-1);
        var inner = Assert.Throws<ArgumentException>(() => quantizer.Calibrate(broken, Batches(1)));
        Assert.Contains("layer '5'", inner.Message);

        AssertBitIdentical(before, model);
        Assert.Equal(0, HookCount(model));
        Assert.Equal(0, HookCount(broken));

        var unsupported = nn.Sequential(("conv1d", nn.Conv1d(2, 3, 3)), ("flatten", nn.Flatten()), ("fc", nn.Linear(3, 2)));
        var error = Assert.Throws<UnsupportedModelException>(() => quantizer.Calibrate(unsupported, [randn(2, 2, 3)]));
        Assert.Equal("conv1d", error.ModuleName);
        Assert.Equal(["fc"], new Quantizer(exclude: ["conv1d"]).Calibrate(unsupported, [randn(2, 2, 3)]).Names);

        var empty = Assert.Throws<ArgumentException>(() => quantizer.Calibrate(nn.Sequential(nn.ReLU(), nn.Flatten()), [randn(2, 3)]));
        Assert.Contains("no Conv2d or Linear", empty.Message);
        Assert.Throws<ArgumentException>(() => new Quantizer(exclude: ["nope"]).Calibrate(model, Batches(1)));
        Assert.Throws<ArgumentException>(() => quantizer.Calibrate(nn.Linear(3, 2), [randn(2, 3)]));
        Assert.Throws<ArgumentException>(() => new Quantizer(layerTypes: LayerTypes.None));
    }
}
