using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Runtime;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>Channels-last is a layout, not a computation: the same outputs and gradients as NCHW, the same parameter
/// objects, and a fit that gives the same losses.</summary>
public class ChannelsLastTests
{
    [Fact]
    public void OfKeepsShapeAndValuesAndGivesNhwcStrides()
    {
        using var x = randn(2, 3, 4, 5);
        using var y = ChannelsLast.Of(x);
        Assert.Equal(x.shape, y.shape);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, y.stride());
        Assert.True(ChannelsLast.Is(y));
        Assert.False(ChannelsLast.Is(x));
        Assert.Equal(0f, (x - y).abs().max().item<float>());
        Assert.Same(y, ChannelsLast.Of(y));
        Assert.False(ChannelsLast.Is(randn(3, 4)));
        Assert.Contains("4-D", Assert.Throws<ArgumentException>(() => ChannelsLast.Of(randn(3, 4))).Message);
    }

    [Theory]
    [InlineData("vgg")]
    [InlineData("residual")]
    [InlineData("pruning")]
    public void ModelsGiveTheSameOutputsAndGradientsChannelsLast(string name)
    {
        Sequential Build()
        {
            manual_seed(11);
            return name switch { "vgg" => SmallCnns.VggStyle(), "residual" => SmallCnns.ResidualNet(), _ => SmallCnns.PruningNet() };
        }
        var reference = Build();
        var model = Build();
        // A weight with one input channel or a 1×1 kernel is channels-last already (as in PyTorch): the others are converted.
        var toConvert = model.modules().OfType<Conv2d>().Count(c => !ChannelsLast.Is(c.weight!));
        var converted = ChannelsLast.Apply(model);
        Assert.Equal(toConvert, converted);
        Assert.True(converted >= 2);
        var parametersBefore = model.parameters().Select(p => p.Handle).ToList();
        Assert.All(model.modules().OfType<Conv2d>(), c => Assert.True(ChannelsLast.Is(c.weight!)));
        manual_seed(12);
        using var input = randn(6, 1, 28, 28);
        using var target = randint(0, 10, 6, ScalarType.Int64);

        manual_seed(13);   // the same dropout masks on both sides
        var expected = Step(reference, input, target);
        manual_seed(13);
        var actual = Step(model, ChannelsLast.Of(input), target);

        Assert.True(MaxRelativeDifference(expected.Output, actual.Output) < 1e-4, "outputs");
        foreach (var ((nameRef, gradRef), (nameCl, gradCl)) in expected.Grads.Zip(actual.Grads))
        {
            Assert.Equal(nameRef, nameCl);
            // Relative to the gradient's scale, plus a floor for gradients that are zero up to rounding (a conv bias
            // followed by BatchNorm).
            var scale = gradRef.abs().max().item<float>();
            var difference = (gradRef - gradCl).abs().max().item<float>();
            Assert.True(difference <= 1e-3 * scale + 1e-5, $"gradient of {nameRef}: |Δ| {difference:g3}, scale {scale:g3}");
        }
        Assert.Equal(parametersBefore, model.parameters().Select(p => p.Handle).ToList());
    }

    private static (Tensor Output, List<(string, Tensor)> Grads) Step(nn.Module<Tensor, Tensor> model, Tensor input, Tensor target)
    {
        model.train();
        var output = model.call(input);
        nn.functional.cross_entropy(output, target).backward();
        return (output.detach(), model.named_parameters().Select(p => (p.name, p.parameter.grad!.detach().contiguous())).ToList());
    }

    private static double MaxRelativeDifference(Tensor expected, Tensor actual)
    {
        var scale = Math.Max(expected.abs().max().item<float>(), 1e-6);
        return (expected - actual).abs().max().item<float>() / scale;
    }

    [Fact]
    public void AFitWithTheCallbackGivesTheSameLossesAsWithout()
    {
        var plain = LearnerFixtures.Small(train: 256, valid: 128);
        plain.Fit(1, 1e-3);
        var channelsLast = LearnerFixtures.Small(train: 256, valid: 128, callbacks: [new ChannelsLastCallback()]);
        var seen = new List<bool>();
        channelsLast.Add(new InputProbe(seen));
        channelsLast.Fit(1, 1e-3);

        Assert.All(seen, Assert.True);
        Assert.NotEmpty(seen);
        Assert.All(channelsLast.Model.modules().OfType<Conv2d>(), c => Assert.True(ChannelsLast.Is(c.weight!)));
        var (a, b) = (plain.Recorder.Epochs[0], channelsLast.Recorder.Epochs[0]);
        // Float rounding differs with the layout (other summation orders) and accumulates over the steps.
        Assert.True(Math.Abs(a.TrainLoss - b.TrainLoss) < 2e-3 * a.TrainLoss, $"{a.TrainLoss} vs {b.TrainLoss}");
        Assert.True(Math.Abs(a.ValidLoss - b.ValidLoss) < 2e-3 * a.ValidLoss, $"{a.ValidLoss} vs {b.ValidLoss}");
    }

    /// <summary>Records, at AfterPred, whether the model was handed a channels-last batch.</summary>
    private sealed class InputProbe(List<bool> seen) : Callback
    {
        public override void AfterPred() => seen.Add(ChannelsLast.Is(Learn.X!));
    }

    [Fact]
    public void LatencyMeasuresAChannelsLastBatchWhenAsked()
    {
        using var model = SmallCnns.BenchmarkCnn(inChannels: 3);   // with one channel, NCHW is channels-last too
        using var sample = randn(1, 3, 28, 28);
        var seen = new List<bool>();
        var conv = model.modules().OfType<Conv2d>().First();
        var hook = conv.register_forward_pre_hook((_, input) => { seen.Add(ChannelsLast.Is(input)); return input; });
        Latency.Measure(model, sample, new LatencyOptions(batchSize: 4, warmup: 1, runs: 2, channelsLast: true));
        Latency.Measure(model, sample, new LatencyOptions(batchSize: 4, warmup: 1, runs: 2));
        hook.remove();
        Assert.Equal([true, true, true, false, false, false], seen);
    }

    [Fact]
    public void ADisposedModelIsRefused()
    {
        var model = SmallCnns.BenchmarkCnn();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ChannelsLast.Apply(model));
    }
}
