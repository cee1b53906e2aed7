using FasterSharp.Data;
using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Quantize;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>QDQ int8 export from calibration ranges: the file passes onnx.checker, ONNX Runtime runs the layers on
/// integer kernels (seen in its optimized graph), its outputs follow TorchSharp's fake-quantized model, the file is
/// about 4× smaller, and bad ranges are refused before anything is written.</summary>
public class QdqExportTests
{
    private static (nn.Module<Tensor, Tensor> Model, Tensor Images, QuantizationRanges Ranges) Calibrated()
    {
        var (model, images) = OnnxFiles.FoldedVgg(256);
        // 7-bit weights (reduce range): ONNX Runtime's uint8 × int8 kernels on x86 CPUs without VNNI (AVX2, AVX-512F)
        // add pairs of products in int16 and saturate with full-range weights (measured here on an AVX2 EPYC: 10× the
        // simulation's error); with 7-bit weights the pairs fit (255·64·2 < 32768) on every CPU.
        var ranges = new Quantizer(weightScheme: new QuantScheme(QuantType.Int8, symmetric: true, reduceRange: true)).Calibrate(model, [images.narrow(0, 0, 128), images.narrow(0, 128, 128)]);
        return (model, images, ranges);
    }

    [Fact]
    public void ONNX_Runtime_runs_the_QDQ_file_on_int8_kernels_close_to_the_fake_quantized_model()
    {
        var (model, images, ranges) = Calibrated();
        var folder = OnnxFiles.NewFolder();
        var floatPath = Path.Combine(folder, "fp32.onnx");
        var int8Path = Path.Combine(folder, "int8.onnx");
        using var sample = images.narrow(0, 0, 2);
        var fp32 = OnnxExport.Export(model, sample, floatPath);
        var int8 = OnnxExport.ExportQuantized(model, sample, ranges, int8Path);
        OnnxFiles.AssertCheckerAccepts(int8Path);
        Assert.Equal(8, ranges.Count);   // 5 Conv2d + 3 Linear
        using (var stream = File.OpenRead(int8Path))
        {
            var graph = Onnx.ModelProto.Parser.ParseFrom(stream).Graph;
            // 8 inputs and the final Linear's output (the model's output keeps its calibrated range).
            Assert.Equal(9, graph.Node.Count(n => n.OpType == "QuantizeLinear"));
            Assert.Equal(17, graph.Node.Count(n => n.OpType == "DequantizeLinear"));
            Assert.Equal(8, graph.Initializer.Count(i => i.DataType == (int)Onnx.TensorProto.Types.DataType.Int8 && i.Dims.Count >= 2));
        }
        Assert.True(fp32.SizeBytes >= 3.5 * int8.SizeBytes, $"fp32 {fp32.SizeBytes:N0} bytes, int8 {int8.SizeBytes:N0} bytes");

        // ONNX Runtime's optimized graph: the QDQ patterns became integer operators.
        var optimized = Path.Combine(folder, "int8.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(int8Path, options)) { }
        List<string> ops;
        using (var stream = File.OpenRead(optimized)) ops = Onnx.ModelProto.Parser.ParseFrom(stream).Graph.Node.Select(n => n.OpType).ToList();
        Assert.True(ops.Count(op => op == "QLinearConv") == 5, $"optimized graph: {string.Join(", ", ops)}");
        Assert.True(ops.Count(op => op is "QGemm" or "MatMulIntegerToFloat" or "QLinearMatMul") >= 2, $"optimized graph: {string.Join(", ", ops)}");

        using var ort = OnnxRuntimeModel.Load(int8Path, intraOpThreads: 1);
        using var noGrad = no_grad();
        using var floatOut = model.call(images);
        Tensor simulated;
        using (Quantizer.Simulate(model, ranges)) simulated = model.call(images);
        using var int8Out = ort.call(images);
        var agreement = (int8Out.argmax(1) == simulated.argmax(1)).to_type(ScalarType.Float32).mean().item<float>();
        var scale = floatOut.abs().max().item<float>();
        var toSimulated = (int8Out - simulated).abs().max().item<float>();
        var toFloat = (int8Out - floatOut).abs().max().item<float>();
        var simulatedToFloat = (simulated - floatOut).abs().max().item<float>();
        // ONNX Runtime's integer kernels agree with TorchSharp's fake quantization to within the quantization error itself.
        Assert.True(agreement >= 0.97 && toSimulated <= 2 * simulatedToFloat,
            $"int8 vs fake-quantized: {agreement:P1} same class, max |Δ| {toSimulated:G3}; fake-quantized vs float32 {simulatedToFloat:G3}; " +
            $"int8 vs float32 {toFloat:G3}; logits up to {scale:G3}");
        simulated.Dispose();
    }

    [Fact]
    public void Ranges_that_do_not_fit_the_model_are_refused_and_nothing_is_written()
    {
        var (model, images, ranges) = Calibrated();
        var folder = OnnxFiles.NewFolder();
        var path = Path.Combine(folder, "int8.onnx");
        using var sample = images.narrow(0, 0, 2);
        Assert.Equal("ranges", Assert.Throws<ArgumentNullException>(() => OnnxExport.ExportQuantized(model, sample, null!, path)).ParamName);
        var first = ranges.Layers[0];
        var stranger = new QuantizationRanges([.. ranges.Layers, new LayerQuantization("features.99", first.Kind, first.Input, first.Weight, null)], "test");
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.ExportQuantized(model, sample, stranger, path));
        Assert.Contains("features.99", e.Message);
        var narrow = ChannelQuantParams.FromTensor(randn(3, 1, 3, 3), 0, QuantScheme.Int8Symmetric);
        var mismatched = new QuantizationRanges([new LayerQuantization(first.Name, first.Kind, first.Input, narrow, null)], "test");
        Assert.Contains("output channels", Assert.Throws<ArgumentException>(() => OnnxExport.ExportQuantized(model, sample, mismatched, path)).Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }
}
