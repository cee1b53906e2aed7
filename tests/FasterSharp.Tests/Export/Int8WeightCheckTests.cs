using Xunit.Abstractions;
using FasterSharp.Data;
using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Quantize;
using FasterSharp.Runtime;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>The per-machine int8 weight verdict: both forced branches, the cache, a check that cannot run, the
/// export's refusal, and on this machine the check agrees with a direct ONNX Runtime-vs-simulation comparison.</summary>
public class Int8WeightCheckTests(ITestOutputHelper output)
{
    private static ConvolutionVerdictCache TempCache() => new(OnnxFiles.NewFolder());

    private static Int8WeightVerdict Unexpected() => throw new Xunit.Sdk.XunitException("the check ran although the verdict was forced or cached");

    [Fact]
    public void Forced_verdicts_pick_the_weight_scheme_without_measuring()
    {
        var full = Int8WeightCheck.Decide("full", "machine", TempCache(), Unexpected);
        Assert.True(full.FullRangeExact);
        Assert.Equal(QuantScheme.Int8Symmetric, full.WeightScheme);
        Assert.Contains(Int8WeightCheck.Variable + "=full", full.ToString());
        var reduced = Int8WeightCheck.Decide(" Reduced ", "machine", TempCache(), Unexpected);
        Assert.False(reduced.FullRangeExact);
        Assert.Equal(-64, reduced.WeightScheme.QuantMin);
        Assert.Equal(63, reduced.WeightScheme.QuantMax);
        Assert.Contains("7 bits", reduced.ToString());
        var e = Assert.Throws<ArgumentException>(() => Int8WeightCheck.Decide("7bit", "machine", TempCache(), Unexpected));
        Assert.Contains("full, reduced", e.Message);
    }

    [Fact]
    public void A_measured_verdict_is_cached_per_machine_and_a_check_that_cannot_run_suggests_7_bits_but_refuses_nothing()
    {
        var cache = TempCache();
        var runs = 0;
        Int8WeightVerdict Saturating() { runs++; return new Int8WeightVerdict(false, 0.3, 0.001, "measured"); }
        Assert.False(Int8WeightCheck.Decide(null, "cpu A", cache, Saturating).FullRangeExact);
        var again = Int8WeightCheck.Decide(null, "cpu A", cache, Saturating);
        Assert.Equal(1, runs);
        Assert.False(again.FullRangeExact);
        Assert.Contains("cached", again.Decision);
        Int8WeightVerdict Exact() { runs++; return new Int8WeightVerdict(true, 0.001, 0.001, "measured"); }
        Assert.True(Int8WeightCheck.Decide(null, "cpu B", cache, Exact).FullRangeExact);   // another machine: measured
        Assert.Equal(2, runs);
        var failed = Int8WeightCheck.Decide(null, "cpu C", cache, () => throw new InvalidOperationException("no native library"));
        Assert.False(failed.Decided);
        Assert.Equal(-64, failed.WeightScheme.QuantMin);
        Assert.Contains("no native library", failed.Decision);
    }

    [Fact]
    public void Export_refuses_full_range_weights_only_where_the_verdict_says_they_saturate()
    {
        var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("relu", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 4 * 4, 3)));
        using var input = rand(8, 1, 6, 6);
        var full = new Quantizer().Calibrate(model, [input]);
        var reduced = new Quantizer(weightScheme: Int8WeightCheck.ReducedWeights).Calibrate(model, [input]);
        var saturates = new Int8WeightVerdict(false, 0.3, 0.001, "measured: saturates");
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.CheckWeightRange(full, () => saturates));
        Assert.Equal("ranges", e.ParamName);
        Assert.Contains("'conv'", e.Message);
        Assert.Contains(Int8WeightCheck.Variable + "=full", e.Message);
        OnnxExport.CheckWeightRange(full, () => new Int8WeightVerdict(true, 0.001, 0.001, "measured: exact"));
        OnnxExport.CheckWeightRange(full, () => new Int8WeightVerdict(false, null, null, "no verdict", Decided: false));
        OnnxExport.CheckWeightRange(reduced, () => throw new Xunit.Sdk.XunitException("7-bit weights need no verdict"));
    }

    [Fact]
    public void The_check_on_this_machine_agrees_with_a_direct_comparison_on_a_calibrated_network()
    {
        var verdict = Int8WeightCheck.Measure();
        Assert.True(verdict.Decided);
        Assert.NotNull(verdict.FullRangeError);
        Assert.True(verdict.ReducedRangeError <= Int8WeightCheck.Tolerance, verdict.ToString());

        var (model, images) = OnnxFiles.FoldedVgg(128);
        var ranges = new Quantizer().Calibrate(model, [images]);   // full-range weights
        var path = Path.Combine(OnnxFiles.NewFolder(), "full.onnx");
        using var sample = images.narrow(0, 0, 2);
        OnnxExport.Export(model, sample, path, "input", "output", new QdqExportHook(ranges));   // no refusal: measure it
        using var noGrad = no_grad();
        using var floatOut = model.call(images);
        Tensor simulated;
        using (Quantizer.Simulate(model, ranges)) simulated = model.call(images);
        using var ort = OnnxRuntimeModel.Load(path, intraOpThreads: 1);
        using var int8Out = ort.call(images);
        var toSimulated = (int8Out - simulated).abs().max().item<float>();
        var quantizationError = (simulated - floatOut).abs().max().item<float>();
        simulated.Dispose();
        output.WriteLine($"check: {verdict}; direct (VGG-style, full-range weights): ONNX Runtime vs simulation {toSimulated:G3}, simulation vs float32 {quantizationError:G3}");
        // Saturation shows as an error well beyond the quantization error itself (t18e measured 10× on an AVX2 EPYC).
        var directlyExact = toSimulated <= 2 * quantizationError;
        Assert.True(directlyExact == verdict.FullRangeExact,
            $"check: {verdict}; direct: ONNX Runtime vs simulation {toSimulated:G3}, simulation vs float32 {quantizationError:G3}");
    }
}
