using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Quantize;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>QDQ export of residual networks: the layers feeding each residual Add (and the final Linear) get their
/// calibrated output range, so ONNX Runtime runs every convolution on QLinearConv, and the results follow
/// TorchSharp's fake quantization within the quantization error.</summary>
public class QdqResidualExportTests(ITestOutputHelper output)
{
    [Fact]
    public void Residual_net_runs_every_convolution_on_int8_kernels() =>
        Check(SmallCnns.ResidualNet(), [1, 28, 28], seed: 2);

    [Fact]
    public void ResNet18_runs_every_convolution_on_int8_kernels() =>
        Check(Vision.ResNet18(numClasses: 10), [3, 32, 32], seed: 1);

    private void Check(nn.Module<Tensor, Tensor> model, long[] shape, int seed)
    {
        manual_seed(seed);
        OnnxExportParityTests.Randomize(model);
        model.eval();
        var images = rand([64, .. shape]);
        BatchNormFolder.Fold(model, images.narrow(0, 0, 2));
        // 7-bit weights: exact in ONNX Runtime on every CPU (see Int8WeightCheck), so the test does not depend on it.
        var ranges = new Quantizer(weightScheme: Int8WeightCheck.ReducedWeights).Calibrate(model, [images]);
        var convolutions = ranges.Layers.Count(l => l.Kind == QuantizedLayerKind.Conv2d);
        var folder = OnnxFiles.NewFolder();
        var path = Path.Combine(folder, "int8.onnx");
        using var sample = images.narrow(0, 0, 2);
        OnnxExport.ExportQuantized(model, sample, ranges, path);
        var optimized = Path.Combine(folder, "int8.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(path, options)) { }
        List<string> ops;
        using (var stream = File.OpenRead(optimized)) ops = Onnx.ModelProto.Parser.ParseFrom(stream).Graph.Node.Select(n => n.OpType).ToList();
        var summary = string.Join(", ", ops.GroupBy(o => o).Select(g => $"{g.Key}×{g.Count()}"));
        output.WriteLine($"{convolutions} Conv2d; optimized graph: {summary}");
        Assert.True(ops.Count(op => op == "QLinearConv") == convolutions, $"{convolutions} Conv2d; optimized graph: {summary}");
        Assert.DoesNotContain("Conv", ops);
        Assert.Contains(ops, op => op is "QGemm" or "MatMulIntegerToFloat" or "QLinearMatMul");

        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        using var noGrad = no_grad();
        using var floatOut = model.call(images);
        Tensor simulated;
        using (Quantizer.Simulate(model, ranges)) simulated = model.call(images);
        using var int8Out = ort.call(images);
        var agreement = (int8Out.argmax(1) == simulated.argmax(1)).to_type(ScalarType.Float32).mean().item<float>();
        var toSimulated = (int8Out - simulated).abs().max().item<float>();
        var simulatedToFloat = (simulated - floatOut).abs().max().item<float>();
        simulated.Dispose();
        output.WriteLine($"int8 vs fake-quantized: {agreement:P1} same class, max |Δ| {toSimulated:G3}; fake-quantized vs float32 {simulatedToFloat:G3}");
        // Random weights and inputs leave near-tied logits, so the class agreement is the looser criterion; the bound on
        // |Δ| (within twice the quantization error itself) is the one that catches a wrong graph.
        Assert.True(agreement >= 0.85 && toSimulated <= 2 * simulatedToFloat,
            $"int8 vs fake-quantized: {agreement:P1} same class, max |Δ| {toSimulated:G3}; fake-quantized vs float32 {simulatedToFloat:G3}");
    }
}
