using System.Diagnostics;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Quantize;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Quantize;

/// <summary>Quantization-aware fine-tuning against post-training quantization on real Fashion-MNIST.</summary>
public class QatAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void QuantizationAwareFineTuningKeepsTheInt8AccuracyOfPostTrainingQuantization()
    {
        var clock = Stopwatch.StartNew();
        var data = DataLoaders.FashionMnist(batchSize: 64, trainSubset: 1024, validSubset: 512, seed: 3);
        manual_seed(3);
        var model = nn.Sequential(nn.Conv2d(1, 8, 3, stride: 2), nn.ReLU(), nn.Conv2d(8, 16, 3, stride: 2), nn.ReLU(), nn.Flatten(), nn.Linear(576, 10));
        var learn = new Learner(data, model, metrics: [new Accuracy()], showProgress: false);
        learn.FitOneCycle(2, 1e-2);
        var trained = Save(model);
        var floatAccuracy = Accuracy(learn);

        // PTQ: calibrate on 4 training batches, simulate int8.
        var ptq = new Quantizer().Calibrate(model, data.Train, maxBatches: 4);
        double ptqAccuracy;
        using (Quantizer.Simulate(model, ptq)) ptqAccuracy = Accuracy(learn);

        // Control (printed, not asserted: on a net this small the difference is within a seed's spread): one more float
        // epoch, then PTQ.
        learn.Fit(1, 1e-3);
        var control = new Quantizer().Calibrate(model, data.Train, maxBatches: 4);
        double controlAccuracy;
        using (Quantizer.Simulate(model, control)) controlAccuracy = Accuracy(learn);

        // QAT: the same epoch from the same weights, fake-quantized, starting from the PTQ ranges.
        Load(model, trained);
        var qat = new QuantizeCallback(freezeAt: 0.5, initialRanges: ptq);
        learn.Fit(1, 1e-3, [qat]);
        double qatAccuracy;
        using (Quantizer.Simulate(model, qat.Ranges!)) qatAccuracy = Accuracy(learn);

        output.WriteLine($"float {floatAccuracy:P1}, int8 PTQ {ptqAccuracy:P1}, int8 PTQ after one more float epoch {controlAccuracy:P1}, " +
                         $"int8 after one QAT epoch {qatAccuracy:P1} ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(floatAccuracy > 0.6, $"the float model learned something: {floatAccuracy:P1}");
        Assert.True(ptqAccuracy >= floatAccuracy - 0.02, $"int8 PTQ keeps the float accuracy within 2 points: {ptqAccuracy:P1} vs {floatAccuracy:P1}");
        Assert.True(qatAccuracy >= ptqAccuracy - 0.01, $"int8 accuracy after QAT keeps PTQ's within 1 point (5 of 512 images): {qatAccuracy:P1} vs {ptqAccuracy:P1}");
    }

    private static double Accuracy(Learner learn) => learn.Validate()["accuracy"];

    private static Dictionary<string, Tensor> Save(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());

    private static void Load(nn.Module model, Dictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in model.state_dict()) value.copy_(state[name]);
    }
}
