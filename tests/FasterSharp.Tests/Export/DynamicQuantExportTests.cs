using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Quantize;
using Microsoft.ML.OnnxRuntime;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>Dynamic int8 export of Linear layers (DynamicQuantizeLinear + MatMulInteger): ONNX Runtime runs them on
/// integer kernels and follows Quantizer.SimulateDynamic, which computes DynamicQuantizeLinear's per-tensor range.</summary>
public class DynamicQuantExportTests(ITestOutputHelper output)
{
    private static Sequential Mlp()
    {
        manual_seed(5);
        var model = nn.Sequential(("flatten", nn.Flatten()), ("fc1", nn.Linear(64, 48)), ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(48, 32)), ("relu2", nn.ReLU()), ("fc3", nn.Linear(32, 10)));
        model.eval();
        return model;
    }

    [Fact]
    public void SimulateDynamic_quantizes_each_input_with_its_own_range_and_restores_the_weights_exactly()
    {
        manual_seed(6);
        var linear = nn.Linear(8, 3);
        var model = nn.Sequential(("fc", linear));   // hooks do not run on a model's own forward
        var weight = linear.weight!.detach().clone();
        using var x = randn(5, 8) * 2;
        using var noGrad = no_grad();
        Tensor simulated;
        using (var simulation = Quantizer.SimulateDynamic(model, weightScheme: Int8WeightCheck.ReducedWeights))
        {
            Assert.True(simulation.IsDynamic);
            simulated = model.call(x);
        }
        Assert.True(weight.equal(linear.weight!).all().item<bool>());
        // By hand: DynamicQuantizeLinear's range of the whole input (widened to 0) over [0, 255], weights per channel.
        var (min, max) = (Math.Min(0f, x.min().item<float>()), Math.Max(0f, x.max().item<float>()));
        var scale = (max - min) / 255f;
        var zeroPoint = Math.Clamp((float)Math.Round(-min / scale, MidpointRounding.ToEven), 0f, 255f);
        var xq = ((x / scale).round() + zeroPoint).clamp(0, 255);
        var xFake = (xq - zeroPoint) * scale;
        var wFake = ChannelQuantParams.FromTensor(weight, 0, Int8WeightCheck.ReducedWeights).FakeQuantize(weight);
        using var expected = nn.functional.linear(xFake, wFake, linear.bias);
        Assert.True((simulated - expected).abs().max().item<float>() < 1e-5f);
        // Another input has another range: the simulation's grid moves with it.
        using var large = x * 10;
        using (Quantizer.SimulateDynamic(model, weightScheme: Int8WeightCheck.ReducedWeights))
        using (var y = model.call(large))
            Assert.True((y - nn.functional.linear(large, weight, linear.bias)).abs().max().item<float>() < 0.1f * large.abs().max().item<float>());
        simulated.Dispose();
    }

    [Fact]
    public void ONNX_Runtime_runs_the_dynamic_file_on_integer_kernels_close_to_the_simulation()
    {
        var model = Mlp();
        manual_seed(7);
        using var images = rand(128, 1, 8, 8);
        var folder = OnnxFiles.NewFolder();
        var path = Path.Combine(folder, "dynamic.onnx");
        using var sample = images.narrow(0, 0, 2);
        var result = OnnxExport.ExportDynamicQuantized(model, sample, path, Int8WeightCheck.ReducedWeights, exclude: ["fc3"]);
        OnnxFiles.AssertCheckerAccepts(path);
        Assert.Contains("MatMulInteger", result.Operators);
        Assert.Contains("Gemm", result.Operators);   // fc3 stays float32
        var optimized = Path.Combine(folder, "dynamic.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(path, options)) { }
        List<string> ops;
        using (var stream = File.OpenRead(optimized)) ops = Onnx.ModelProto.Parser.ParseFrom(stream).Graph.Node.Select(n => n.OpType).ToList();
        var summary = string.Join(", ", ops.GroupBy(o => o).Select(g => $"{g.Key}×{g.Count()}"));
        output.WriteLine($"optimized graph: {summary}");
        Assert.True(ops.Count(op => op is "DynamicQuantizeMatMul" or "MatMulIntegerToFloat" or "MatMulInteger") == 2, summary);

        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        using var noGrad = no_grad();
        using var floatOut = model.call(images);
        Tensor simulated;
        using (Quantizer.SimulateDynamic(model, weightScheme: Int8WeightCheck.ReducedWeights, exclude: ["fc3"])) simulated = model.call(images);
        using var int8Out = ort.call(images);
        var toSimulated = (int8Out - simulated).abs().max().item<float>();
        var simulatedToFloat = (simulated - floatOut).abs().max().item<float>();
        simulated.Dispose();
        output.WriteLine($"dynamic int8 vs simulation: max |Δ| {toSimulated:G3}; simulation vs float32 {simulatedToFloat:G3}");
        Assert.True(toSimulated <= 0.25 * simulatedToFloat, $"dynamic int8 vs simulation {toSimulated:G3}; simulation vs float32 {simulatedToFloat:G3}");
        Assert.Throws<ArgumentException>(() => OnnxExport.ExportDynamicQuantized(model, sample, Path.Combine(folder, "x.onnx"), exclude: ["nope"]));
        // Full-range weights (the default) follow this machine's verdict: refused where ONNX Runtime saturates.
        var fullRange = Path.Combine(folder, "full.onnx");
        if (Int8WeightCheck.Ensure().FullRangeExact) OnnxExport.ExportDynamicQuantized(model, sample, fullRange);
        else Assert.Contains(Int8WeightCheck.Variable, Assert.Throws<ArgumentException>(() => OnnxExport.ExportDynamicQuantized(model, sample, fullRange)).Message);
    }
}
