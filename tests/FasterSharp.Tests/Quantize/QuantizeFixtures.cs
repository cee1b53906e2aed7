using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Quantize;

internal static class QuantizeFixtures
{
    /// <summary>conv(1→4, 3×3, pad 1) "0" → BN "1" → ReLU → avg-pool → flatten → Linear(4→3) "5".</summary>
    public static Sequential TinyCnn(int seed = 0)
    {
        manual_seed(seed);
        var model = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));
        // Move the BatchNorm statistics off their defaults so eval mode does something.
        model.train();
        using (no_grad()) for (var i = 0; i < 3; i++) model.call(randn(8, 1, 6, 6) * 2 + 0.5);
        model.eval();
        return model;
    }

    public static List<Tensor> Batches(int count, int seed = 1)
    {
        manual_seed(seed);
        return Enumerable.Range(0, count).Select(i => (randn(5, 1, 6, 6) * (1 + i) + 0.3).DetachFromDisposeScope()).ToList();
    }

    /// <summary>Same shape and every element equal.</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var same = a.detach().eq(b.detach()).all();
        return same.item<bool>();
    }
}
