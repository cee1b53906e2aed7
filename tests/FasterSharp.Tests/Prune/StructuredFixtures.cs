using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

/// <summary>Helpers shared by the structural-compression tests (pruning, folding, decomposition).</summary>
internal static class StructuredFixtures
{
    /// <summary>Why the lossless tests compare in float64: on the development machine (AMD EPYC, AVX-512), LibTorch
    /// 2.10's float32 oneDNN convolution (TorchSharp-cpu 0.107) returns wrong values when a conv has more than 16
    /// input channels and not a multiple of 16 (e.g. 20 → 50 channels, 5×5: errors of 0.7 on outputs of 5), while
    /// float64 convolutions do not use that kernel. Pruning and folding are exact algebra, so float64 shows what they
    /// do; in float32 the comparison would measure that LibTorch bug instead (20, 35, 39, 77 channels …).</summary>
    public const ScalarType ExactType = ScalarType.Float64;

    /// <summary>The model converted to <see cref="ExactType"/> (in place).</summary>
    public static T InFloat64<T>(T model) where T : nn.Module
    {
        model.to(ExactType);
        return model;
    }

    /// <summary>Gives every BatchNorm random running statistics and affine parameters, so that folding or pruning
    /// through them is not trivially the identity. γ is drawn in [0.5, 1.5] (positive) unless
    /// <paramref name="negativeGammaChannels"/> &gt; 0, which makes that many channels of the first BatchNorm negative.</summary>
    public static void RandomizeBatchNorms(nn.Module model, long seed, int negativeGammaChannels = 0)
    {
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        var first = true;
        foreach (var (_, module) in model.named_modules())
        {
            if (module is not BatchNorm bn) continue;
            var n = bn.num_features;
            bn.running_mean!.copy_(randn(n, generator: generator) * 0.5);
            bn.running_var!.copy_(rand(n, generator: generator) + 0.5);
            bn.weight.copy_(rand(n, generator: generator) + 0.5);
            bn.bias!.copy_(randn(n, generator: generator) * 0.2);
            if (first && negativeGammaChannels > 0) bn.weight.narrow(0, 0, negativeGammaChannels).neg_();
            first = false;
        }
    }

    /// <summary>The model's output on <paramref name="input"/> in eval mode under no_grad.</summary>
    public static Tensor Logits(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        model.eval();
        using var noGrad = no_grad();
        return model.call(input);
    }

    /// <summary>max |a − b| over all elements (shapes must match).</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var diff = (a - b).abs().max();
        return diff.to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>A copy of every entry of the state dict, to check later that nothing changed.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    /// <summary>Asserts the model's state dict has the same keys, shapes and values as <paramref name="snapshot"/>.</summary>
    public static void AssertUnchanged(Dictionary<string, Tensor> snapshot, nn.Module model)
    {
        var now = model.state_dict();
        Assert.Equal(snapshot.Keys.Order(), now.Keys.Order());
        foreach (var (key, before) in snapshot)
        {
            Assert.True(before.shape.SequenceEqual(now[key].shape), $"{key}: shape changed from [{string.Join(", ", before.shape)}] to [{string.Join(", ", now[key].shape)}]");
            Assert.True(before.equal(now[key]).all().item<bool>(), $"{key}: values changed");
        }
    }

    /// <summary>Zeroes filter <paramref name="channel"/> of a conv (weight slice and bias) and γ/β of its BatchNorm,
    /// as filter sparsification does.</summary>
    public static void ZeroFilter(Conv2d conv, BatchNorm? bn, long channel)
    {
        using var noGrad = no_grad();
        conv.weight[channel].zero_();
        conv.bias?[channel].zero_();
        if (bn is null) return;
        bn.weight[channel].zero_();
        bn.bias![channel].zero_();
    }

    /// <summary>The module at a dotted path.</summary>
    public static T Get<T>(nn.Module model, string path) where T : nn.Module =>
        (T)model.named_modules().First(m => m.name == path).module;
}
