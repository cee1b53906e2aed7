using FasterSharp.Prune;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Models;

/// <summary>torchvision's VGG: <c>features</c> (a Sequential of conv 3×3 [→ BN] → ReLU and max-pools, numbered
/// as torchvision numbers them), <c>avgpool</c> (adaptive to 7×7) and <c>classifier</c>
/// (Linear 25088→4096 → ReLU → Dropout → Linear 4096→4096 → ReLU → Dropout → Linear 4096→classes).</summary>
public sealed class Vgg : nn.Module<Tensor, Tensor>, IChannelFlow
{
    /// <summary>Configuration "A" (VGG-11): output channels per conv, 0 for a max-pool.</summary>
    public static readonly int[] Config11 = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0];

    /// <summary>Configuration "D" (VGG-16).</summary>
    public static readonly int[] Config16 = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];

    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    /// <summary>Builds a VGG from a configuration (channels per conv, 0 for a max-pool).</summary>
    /// <exception cref="ArgumentNullException">A null name or config.</exception>
    /// <exception cref="ArgumentException">A name with a NUL character, an empty config or a negative channel count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Bad class or input channel counts, or a dropout outside [0, 1).</exception>
    public Vgg(string name, int[] config, bool batchNorm, int numClasses = 1000, int inChannels = 3, double dropout = 0.5) : base(ModuleName.Checked(name))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Length == 0 || config.Any(c => c is < 0 or > SmallCnns.MaxChannels))
            throw new ArgumentException($"config needs channel counts in [0, {SmallCnns.MaxChannels:N0}], got [{string.Join(", ", config)}]", nameof(config));
        SmallCnns.CheckArguments(numClasses, inChannels);
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "must be in [0, 1)");
        var layers = new List<nn.Module<Tensor, Tensor>>();
        long channels = inChannels;
        foreach (var c in config)
        {
            if (c == 0)
            {
                layers.Add(nn.MaxPool2d(2, stride: 2));
                continue;
            }
            layers.Add(nn.Conv2d(channels, c, 3, padding: 1));
            if (batchNorm) layers.Add(nn.BatchNorm2d(c));
            layers.Add(nn.ReLU());
            channels = c;
        }
        features = nn.Sequential(layers.ToArray());
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 7, 7 });
        classifier = nn.Sequential(
            nn.Linear(channels * 7 * 7, 4096), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(4096, numClasses));
        RegisterComponents();
        TorchvisionInit.Apply(this);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => classifier.call(avgpool.call(features.call(input)).flatten(1));

    /// <inheritdoc />
    public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Call(classifier, flow.Flatten(flow.Call(avgpool, flow.Call(features, input))));
    }
}

/// <summary>torchvision's weight initialization for ResNet and VGG: convs kaiming-normal (fan-out, ReLU) with
/// zero bias, BatchNorm weight 1 and bias 0, Linear normal(0, 0.01) with zero bias for VGG (ResNet keeps
/// PyTorch's default Linear init).</summary>
internal static class TorchvisionInit
{
    internal static void Apply(nn.Module model)
    {
        var vgg = model is Vgg;
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
                case Linear linear when vgg:
                    nn.init.normal_(linear.weight!, 0, 0.01);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
            }
        }
    }
}
