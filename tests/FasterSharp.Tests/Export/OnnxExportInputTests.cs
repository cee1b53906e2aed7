using FasterSharp.Export;
using FasterSharp.Models;
using FasterSharp.Prune;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>Bad arguments and unsupported models: a clear exception, and no file written (nor a temporary one left
/// behind; an existing file is left as it was).</summary>
public class OnnxExportInputTests
{
    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        using var model = SmallCnns.PruningNet();
        using var sample = randn(1, 1, 28, 28);
        var path = Path.Combine(OnnxFiles.NewFolder(), "m.onnx");
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => OnnxExport.Export(null!, sample, path)).ParamName);
        Assert.Equal("sampleInput", Assert.Throws<ArgumentNullException>(() => OnnxExport.Export(model, null!, path)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => OnnxExport.Export(model, sample, null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, sample, " ")).ParamName);
        Assert.Equal("outputName", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, sample, path, "x", "x")).ParamName);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_missing_folder_or_a_folder_as_path_is_refused_and_nothing_is_created()
    {
        using var model = SmallCnns.PruningNet();
        using var sample = randn(1, 1, 28, 28);
        var folder = OnnxFiles.NewFolder();
        var missing = Path.Combine(folder, "missing", "m.onnx");
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, sample, missing));
        Assert.Equal("path", e.ParamName);
        Assert.Contains("does not exist", e.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, sample, folder)).ParamName);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void A_sample_that_is_not_a_float32_batch_is_refused_before_anything_is_written()
    {
        using var model = SmallCnns.PruningNet();
        var folder = OnnxFiles.NewFolder();
        var path = Path.Combine(folder, "m.onnx");
        using var integers = ones([1, 1, 28, 28], ScalarType.Int64);
        using var doubles = randn([1, 1, 28, 28], ScalarType.Float64);
        using var noBatch = randn(28);
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, integers, path)).Message);
        Assert.Contains("float32", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, doubles, path)).Message);
        Assert.Equal("sampleInput", Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, noBatch, path)).ParamName);
        var disposed = randn(1, 1, 28, 28);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => OnnxExport.Export(model, disposed, path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void A_disposed_model_is_refused_before_anything_is_written()
    {
        var model = SmallCnns.PruningNet();
        model.Dispose();
        using var sample = randn(1, 1, 28, 28);
        var folder = OnnxFiles.NewFolder();
        Assert.Throws<ObjectDisposedException>(() => OnnxExport.Export(model, sample, Path.Combine(folder, "m.onnx")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void An_unsupported_module_is_named_and_no_file_is_left_behind()
    {
        using var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("up", nn.Upsample(scale_factor: [2.0, 2.0])), ("flatten", nn.Flatten()));
        using var sample = randn(1, 1, 8, 8);
        var folder = OnnxFiles.NewFolder();
        var e = Assert.Throws<UnsupportedModelException>(() => OnnxExport.Export(model, sample, Path.Combine(folder, "m.onnx")));
        Assert.Equal("up", e.ModuleName);
        Assert.Contains("Upsample", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void An_unknown_functional_operation_and_uneven_adaptive_pooling_are_named_and_an_existing_file_is_kept()
    {
        var folder = OnnxFiles.NewFolder();
        var path = Path.Combine(folder, "m.onnx");
        File.WriteAllText(path, "previous");
        using var custom = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("soft", new Softsign()));
        using var sample = randn(1, 1, 8, 8);
        var e = Assert.Throws<UnsupportedModelException>(() => OnnxExport.Export(custom, sample, path));
        Assert.Contains("softsign", e.Message);
        using var uneven = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("pool", nn.AdaptiveAvgPool2d(4)));
        Assert.Equal("pool", Assert.Throws<UnsupportedModelException>(() => OnnxExport.Export(uneven, sample, path)).ModuleName);
        using var statsless = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", nn.BatchNorm2d(2, track_running_stats: false)));
        Assert.Equal("bn", Assert.Throws<UnsupportedModelException>(() => OnnxExport.Export(statsless, sample, path)).ModuleName);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void The_model_is_left_unchanged_in_its_training_mode_and_the_export_uses_eval_semantics()
    {
        manual_seed(8);
        using var model = SmallCnns.PruningNet();
        OnnxExportParityTests.Randomize(model);
        model.train();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var sample = randn(2, 1, 28, 28);
        var result = OnnxExport.Export(model, sample, Path.Combine(OnnxFiles.NewFolder(), "m.onnx"));
        Assert.True(model.training);
        foreach (var (name, value) in model.state_dict()) Assert.True(value.allclose(before[name], 0, 0), $"{name} changed");
        Assert.Equal(new FileInfo(result.Path).Length, result.SizeBytes);
        Assert.DoesNotContain("Dropout", result.Operators);
    }

    /// <summary>x / (1 + |x|), described as an element-wise operation the exporter does not know by name.</summary>
    private sealed class Softsign() : nn.Module<Tensor, Tensor>(nameof(Softsign)), IChannelFlow
    {
        public override Tensor forward(Tensor input) => input / (input.abs() + 1);

        public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input) => flow.Elementwise(input, "softsign", preservesZero: true);
    }
}
