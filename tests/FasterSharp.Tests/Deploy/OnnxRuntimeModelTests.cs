using FasterSharp.Data;
using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Tests.Export;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Deploy;

/// <summary>The ONNX Runtime wrapper behind nn.Module: our metrics, Learner.Validate, Latency and ModelStats run on it
/// unchanged; bad files and inputs are clear errors; disposal releases the session.</summary>
public class OnnxRuntimeModelTests
{
    private static (nn.Module<Tensor, Tensor> Model, string Path) Exported(int seed = 11)
    {
        manual_seed(seed);
        var model = SmallCnns.PruningNet();
        OnnxExportParityTests.Randomize(model);
        model.eval();
        using var sample = randn(2, 1, 28, 28);
        var path = Path.Combine(OnnxFiles.NewFolder(), "net.onnx");
        OnnxExport.Export(model, sample, path);
        return (model, path);
    }

    [Fact]
    public void Learner_Validate_gives_the_same_loss_and_accuracy_on_Fashion_MNIST()
    {
        var (model, path) = Exported();
        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        var dls = DataLoaders.FashionMnist(batchSize: 64, trainSubset: 64, validSubset: 200);
        var torchResult = new Learner(dls, model, metrics: [new Accuracy()], showProgress: false).Validate();
        var ortResult = new Learner(dls, ort, metrics: [new Accuracy()], showProgress: false).Validate();
        Assert.Equal(torchResult.Loss, ortResult.Loss, 1e-4);
        Assert.True(Math.Abs(torchResult["accuracy"] - ortResult["accuracy"]) <= 1.0 / 200,
            $"accuracy {torchResult["accuracy"]} (TorchSharp) vs {ortResult["accuracy"]} (ONNX Runtime)");
        model.Dispose();
    }

    [Fact]
    public void Latency_and_ModelStats_measure_it_side_by_side_with_the_TorchSharp_model()
    {
        var (model, path) = Exported();
        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        using var sample = randn(1, 1, 28, 28);
        var comparison = Latency.Compare([("TorchSharp fp32", model), ("ORT fp32", ort)], sample,
            new LatencyOptions(batchSize: 8, threads: 1, warmup: 1, runs: 3), rounds: 2);
        Assert.Equal(2, comparison.Rows.Count);
        var torchStats = ModelStats.Measure(model, sample, name: "TorchSharp fp32");
        var ortStats = ModelStats.Measure(ort, sample, name: "ORT fp32");
        Assert.Equal(new FileInfo(path).Length, ortStats.SizeBytes);
        Assert.Equal(ort.SizeBytes, ortStats.SizeBytes);
        // The ONNX initializers hold the parameters plus the BatchNorm statistics (2 × 170 values).
        Assert.Equal(torchStats.Parameters + 2 * (20 + 50 + 100), ortStats.Parameters);
        Assert.Contains("OnnxRuntimeModel", ortStats.NotCounted);
        var table = torchStats.CompareTo(ortStats).ToString();
        Assert.Contains("ORT fp32", table);
        model.Dispose();
    }

    [Fact]
    public void Outputs_match_on_tensors_with_any_batch_size_and_the_model_declares_its_input()
    {
        var (model, path) = Exported();
        using var ort = OnnxRuntimeModel.Load(path);
        Assert.Equal([-1L, 1, 28, 28], ort.InputShape);
        Assert.Equal(("input", "output"), (ort.InputName, ort.OutputName));
        Assert.Empty(ort.parameters());
        using var noGrad = no_grad();
        foreach (var batch in new long[] { 1, 3, 17 })
        {
            using var x = randn(batch, 1, 28, 28);
            using var expected = model.call(x);
            using var actual = ort.call(x);
            Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-4), $"batch {batch}");
        }
        // A non-contiguous input (a transposed view) is read correctly.
        using var wide = randn(28, 1, 28, 4);
        using var view = wide.permute(3, 1, 0, 2);
        Assert.False(view.is_contiguous());
        using var expectedView = model.call(view);
        using var actualView = ort.call(view);
        Assert.True(expectedView.allclose(actualView, rtol: 1e-4, atol: 1e-4));
        model.Dispose();
    }

    [Fact]
    public void Bad_files_settings_and_inputs_are_clear_errors()
    {
        var folder = OnnxFiles.NewFolder();
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => OnnxRuntimeModel.Load(null!)).ParamName);
        Assert.Throws<FileNotFoundException>(() => OnnxRuntimeModel.Load(Path.Combine(folder, "none.onnx")));
        var garbage = Path.Combine(folder, "garbage.onnx");
        File.WriteAllText(garbage, "not a model");
        Assert.Contains("cannot load", Assert.Throws<ArgumentException>(() => OnnxRuntimeModel.Load(garbage)).Message);
        var (model, path) = Exported();
        Assert.Equal("intraOpThreads", Assert.Throws<ArgumentOutOfRangeException>(() => OnnxRuntimeModel.Load(path, intraOpThreads: 0)).ParamName);
        using var ort = OnnxRuntimeModel.Load(path);
        using var wrongShape = randn(2, 1, 27, 28);
        Assert.Contains("[N, 1, 28, 28]", Assert.Throws<ArgumentException>(() => ort.call(wrongShape)).Message);
        using var doubles = randn([2, 1, 28, 28], ScalarType.Float64);
        Assert.Contains("float32", Assert.Throws<ArgumentException>(() => ort.call(doubles)).Message);
        model.Dispose();
    }

    [Fact]
    public void Disposal_releases_the_session_once_and_later_calls_are_refused()
    {
        var (model, path) = Exported();
        model.Dispose();
        var ort = OnnxRuntimeModel.Load(path);
        using var x = randn(1, 1, 28, 28);
        ort.call(x).Dispose();
        ort.Dispose();
        ort.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ort.call(x));
        // The file is not held open: it can be replaced at once.
        File.WriteAllText(path, "replaced");
        File.Delete(path);
    }
}
