using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Models;

/// <summary>Small convolutional nets sized for 28×28 single-channel images (Fashion-MNIST).</summary>
public static class SmallCnns
{
    /// <summary>The benchmark CNN: 3 × [conv 3×3 pad 1 → BatchNorm → ReLU → max-pool 2] with 32/64/128
    /// channels, then Linear 1152→256 → ReLU → Linear 256→<paramref name="numClasses"/>. A Sequential, so its
    /// parameter names ("0.weight", "1.running_mean", …) match PyTorch's <c>nn.Sequential</c> of the same layers.</summary>
    public static Sequential BenchmarkCnn(int numClasses = 10, int inChannels = 1)
    {
        CheckArguments(numClasses, inChannels);
        return nn.Sequential(
            nn.Conv2d(inChannels, 32, 3, padding: 1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding: 1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1152, 256), nn.ReLU(),
            nn.Linear(256, numClasses));
    }

    /// <summary>The walkthrough model of the later tutorials: a small VGG-style net with BatchNorm —
    /// [conv 3×3 → BN → ReLU] × 2 → max-pool, with 32 then 64 then 128 channels (28 → 14 → 7 → 3) — and a
    /// classifier of two hidden Linear layers (1152→512→256) before the output layer. Sequential throughout
    /// (features, classifier), so filter pruning, BN folding and FC decomposition apply.</summary>
    public static Sequential VggStyle(int numClasses = 10, int inChannels = 1)
    {
        CheckArguments(numClasses, inChannels);
        var features = nn.Sequential(
            nn.Conv2d(inChannels, 32, 3, padding: 1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding: 1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding: 1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2));
        var classifier = nn.Sequential(
            nn.Linear(128 * 3 * 3, 512), nn.ReLU(), nn.Dropout(0.25),
            nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.25),
            nn.Linear(256, numClasses));
        return nn.Sequential(("features", features), ("flatten", nn.Flatten()), ("classifier", classifier));
    }

    /// <summary><see cref="VggStyle"/> with every channel count and hidden width multiplied by
    /// <paramref name="width"/> (rounded, at least 1): the same module tree and names ("features.3", …), so
    /// layers pair by name across widths. Width 2 (64/128/256 channels, hidden 1024 and 512; 3,445,706
    /// parameters) is the teacher of the distillation tutorial; width 0.25 (8/16/32 channels, hidden 128 and 64;
    /// 54,850 parameters) its small student; width 1 is <see cref="VggStyle"/>.</summary>
    /// <param name="width">The multiplier, positive and at most 16.</param>
    /// <param name="numClasses">Output classes, in [1, 100,000].</param>
    /// <param name="inChannels">Input channels, in [1, 65,536].</param>
    /// <exception cref="ArgumentOutOfRangeException">A width outside (0, 16] or NaN; fewer than 1 class or input channel.</exception>
    public static Sequential ScaledVggStyle(double width, int numClasses = 10, int inChannels = 1)
    {
        if (!(width > 0 && width <= 16)) throw new ArgumentOutOfRangeException(nameof(width), width, "must be in (0, 16]");
        CheckArguments(numClasses, inChannels);
        long Scale(int channels) => Math.Max(1, (long)Math.Round(channels * width));
        var (c1, c2, c3, h1, h2) = (Scale(32), Scale(64), Scale(128), Scale(512), Scale(256));
        var features = nn.Sequential(
            nn.Conv2d(inChannels, c1, 3, padding: 1), nn.BatchNorm2d(c1), nn.ReLU(),
            nn.Conv2d(c1, c1, 3, padding: 1), nn.BatchNorm2d(c1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding: 1), nn.BatchNorm2d(c2), nn.ReLU(),
            nn.Conv2d(c2, c2, 3, padding: 1), nn.BatchNorm2d(c2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c2, c3, 3, padding: 1), nn.BatchNorm2d(c3), nn.ReLU(), nn.MaxPool2d(2));
        var classifier = nn.Sequential(
            nn.Linear(c3 * 3 * 3, h1), nn.ReLU(), nn.Dropout(0.25),
            nn.Linear(h1, h2), nn.ReLU(), nn.Dropout(0.25),
            nn.Linear(h2, numClasses));
        return nn.Sequential(("features", features), ("flatten", nn.Flatten()), ("classifier", classifier));
    }

    /// <summary>The net of the pruning tutorial (seed 004), for 28×28 inputs: three 5×5 convolutions
    /// (20, 50, 100 filters), each followed by ReLU then BatchNorm, a max-pool after the first, global
    /// average pooling, then Linear 100→50 → ReLU → Linear 50→classes.</summary>
    public static Sequential PruningNet(int numClasses = 10, int inChannels = 1)
    {
        CheckArguments(numClasses, inChannels);
        return nn.Sequential(
            ("conv1", nn.Conv2d(inChannels, 20, 5)), ("relu1", nn.ReLU()), ("bn1", nn.BatchNorm2d(20)), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(20, 50, 5)), ("relu2", nn.ReLU()), ("bn2", nn.BatchNorm2d(50)),
            ("conv3", nn.Conv2d(50, 100, 5)), ("relu3", nn.ReLU()), ("bn3", nn.BatchNorm2d(100)),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(100, 50)), ("relu4", nn.ReLU()), ("fc2", nn.Linear(50, numClasses)));
    }

    /// <summary>A small residual net for 28×28 inputs, built from torchvision's <see cref="BasicBlock"/>: a stem
    /// (conv 3×3, 32 filters → BN → ReLU), three basic blocks — 32 channels at 28×28, 64 at 14×14 and 128 at
    /// 7×7, the last two with a strided 1×1 downsample on the shortcut — then global average pooling, flatten and
    /// Linear 128→<paramref name="numClasses"/>. A Sequential of blocks, so the Pruner sees the residual groups.</summary>
    public static Sequential ResidualNet(int numClasses = 10, int inChannels = 1)
    {
        CheckArguments(numClasses, inChannels);
        return nn.Sequential(
            ("stem", nn.Sequential(nn.Conv2d(inChannels, 32, 3, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU())),
            ("block1", new BasicBlock(32, 32)),
            ("block2", new BasicBlock(32, 64, stride: 2)),
            ("block3", new BasicBlock(64, 128, stride: 2)),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(128, numClasses)));
    }

    /// <summary>The most classes a model here is built with: ImageNet-21k has about 21,000; beyond this the final
    /// layer's weights alone run into gigabytes, and LibTorch's allocation error would be the only message.</summary>
    internal const int MaxClasses = 100_000;

    /// <summary>The most channels of an input image or a layer of a configuration.</summary>
    internal const int MaxChannels = 65_536;

    internal static void CheckArguments(int numClasses, int inChannels)
    {
        if (numClasses is < 1 or > MaxClasses) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"must be in [1, {MaxClasses:N0}]");
        if (inChannels is < 1 or > MaxChannels) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"must be in [1, {MaxChannels:N0}]");
    }
}
