using FasterSharp.Quantize;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FasterSharp.Tests.Quantize.QuantizeFixtures;
using static FasterSharp.Tests.ModuleInspection;

namespace FasterSharp.Tests.Quantize;

public class SimulationTests
{
    [Fact]
    public void SimulationComputesTheInt8ModelAndRestoresTheFloatOneExactly()
    {
        var model = TinyCnn();
        var ranges = new Quantizer().Calibrate(model, Batches(3));
        var before = Bytes(model);
        using var scope = NewDisposeScope();
        var x = Batches(1, seed: 9)[0];
        using var noGrad = no_grad();
        var floatOutput = model.call(x);

        Tensor simulated;
        using (var simulation = Quantizer.Simulate(model, ranges))
        {
            Assert.True(simulation.IsActive);
            simulated = model.call(x);
            // By hand: fake-quantized input and weight of the conv, float BN/ReLU/pool, fake-quantized input and weight of the Linear.
            var conv = (Conv2d)model[0];
            var linear = (Linear)model[5];
            Assert.True(Identical(conv.weight!, ranges["0"].Weight.FakeQuantize(conv.weight!)), "the weights hold int8-representable values");
            var h = model[1].call(nn.functional.conv2d(ranges["0"].Input.FakeQuantize(x), conv.weight!, conv.bias, padding: [1, 1]));
            h = model[4].call(model[3].call(model[2].call(h)));
            var expected = nn.functional.linear(ranges["5"].Input.FakeQuantize(h), linear.weight!, linear.bias);
            Assert.True(expected.allclose(simulated, rtol: 0, atol: 1e-6), "simulation = the layers with fake-quantized inputs and weights");
        }
        Assert.False(Identical(simulated, floatOutput), "int8 changes the output");
        Assert.True((simulated - floatOutput).abs().max().item<float>() < 0.1f, "but not by much");
        AssertBitIdentical(before, model);
        Assert.Equal(0, HookCount(model));
        Assert.True(Identical(model.call(x), floatOutput), "after Dispose the model is the float model again");
    }

    [Fact]
    public void OutputsCanBeQuantizedToo()
    {
        var model = TinyCnn();
        var ranges = new Quantizer().Calibrate(model, Batches(2));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Batches(1, seed: 5)[0];
        Tensor withOutputs, withoutOutputs;
        using (Quantizer.Simulate(model, ranges, quantizeOutputs: true)) withOutputs = model.call(x);
        using (Quantizer.Simulate(model, ranges)) withoutOutputs = model.call(x);
        // The Linear is the last layer: with outputs quantized, the logits lie on its output grid.
        var output = ranges["5"].Output!;
        Assert.True(Identical(withOutputs, output.FakeQuantize(withOutputs)), "the logits are fake-quantized");
        Assert.False(Identical(withOutputs, withoutOutputs));
    }

    [Fact]
    public void RangesOfAnotherModelAreRejectedBeforeAnythingChanges()
    {
        var model = TinyCnn();
        var ranges = new Quantizer().Calibrate(model, Batches(1));
        var other = nn.Sequential(nn.Conv2d(1, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3));
        var before = Bytes(other);
        var error = Assert.Throws<ArgumentException>(() => Quantizer.Simulate(other, ranges));
        Assert.Contains("'0'", error.Message);
        AssertBitIdentical(before, other);
        Assert.Equal(0, HookCount(other));
        var renamed = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("flatten", nn.Flatten()));
        Assert.Throws<ArgumentException>(() => Quantizer.Simulate(renamed, ranges));
    }

    [Fact]
    public void DynamicQuantizationUsesEachBatchsOwnRange()
    {
        manual_seed(2);
        var model = nn.Sequential(("flatten", nn.Flatten()), ("fc1", nn.Linear(12, 8)), ("relu", nn.ReLU()), ("fc2", nn.Linear(8, 3)));
        var before = Bytes(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(6, 3, 4) * 3;
        var floatOutput = model.call(x);
        var (fc1, fc2) = ((Linear)model[1], (Linear)model[3]);
        var w1 = ChannelQuantParams.FromTensor(fc1.weight!, 0, QuantScheme.Int8Symmetric);
        var w2 = ChannelQuantParams.FromTensor(fc2.weight!, 0, QuantScheme.Int8Symmetric);
        Tensor simulated;
        using (var simulation = Quantizer.SimulateDynamic(model))
        {
            Assert.True(simulation.IsDynamic);
            Assert.Equal(["fc1", "fc2"], simulation.LayerNames);
            simulated = model.call(x);
        }
        static Tensor Dynamic(Tensor t) =>
            QuantParams.FromRange(t.min().item<float>(), t.max().item<float>(), QuantScheme.UInt8Affine).FakeQuantize(t);
        var h = nn.functional.linear(Dynamic(x.flatten(1)), w1.FakeQuantize(fc1.weight!), fc1.bias).relu();
        var expected = nn.functional.linear(Dynamic(h), w2.FakeQuantize(fc2.weight!), fc2.bias);
        Assert.True(expected.allclose(simulated, rtol: 0, atol: 1e-6), "dynamic = each input quantized with its own min and max");
        Assert.False(Identical(simulated, floatOutput));
        AssertBitIdentical(before, model);
        Assert.Equal(0, HookCount(model));
        Assert.Throws<ArgumentException>(() => Quantizer.SimulateDynamic(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())));
    }
}
