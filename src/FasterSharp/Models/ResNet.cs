using FasterSharp.Prune;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Models;

/// <summary>torchvision's ResNet with basic blocks (ResNet-18 and -34) or bottleneck blocks (ResNet-50): the
/// same module tree and parameter names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, …), so
/// torchvision state dicts load and the logits match.</summary>
/// <remarks>Layers that BatchNorm folding or FC decomposition may replace (the BatchNorms, fc) are held as
/// <c>Module&lt;Tensor, Tensor&gt;</c>; the model describes its data flow (<see cref="IChannelFlow"/>) for the
/// structural tools.</remarks>
public sealed class ResNet : nn.Module<Tensor, Tensor>, IChannelFlow
{
    private readonly Conv2d conv1;
    private nn.Module<Tensor, Tensor> bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private nn.Module<Tensor, Tensor> fc;

    /// <summary>Builds a ResNet with <paramref name="layers"/> blocks per stage.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="layers">Blocks in each of the four stages, e.g. {2, 2, 2, 2} for ResNet-18.</param>
    /// <param name="numClasses">Outputs of the final Linear layer.</param>
    /// <param name="inChannels">Channels of the input images (3 for RGB, 1 for Fashion-MNIST).</param>
    /// <param name="bottleneck">Bottleneck blocks (1×1, 3×3, 1×1 convs, 4× expansion: ResNet-50) instead of basic blocks.</param>
    /// <exception cref="ArgumentNullException">A null name or layers.</exception>
    /// <exception cref="ArgumentException">A name with a NUL character, or not four positive block counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Bad class or input channel counts.</exception>
    public ResNet(string name, int[] layers, int numClasses = 1000, int inChannels = 3, bool bottleneck = false) : base(ModuleName.Checked(name))
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length != 4 || layers.Any(n => n < 1))
            throw new ArgumentException($"expected four positive block counts, got [{string.Join(", ", layers)}]", nameof(layers));
        SmallCnns.CheckArguments(numClasses, inChannels);
        conv1 = nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        relu = nn.ReLU();
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        long planes = 64;
        layer1 = MakeStage(ref planes, 64, layers[0], 1, bottleneck);
        layer2 = MakeStage(ref planes, 128, layers[1], 2, bottleneck);
        layer3 = MakeStage(ref planes, 256, layers[2], 2, bottleneck);
        layer4 = MakeStage(ref planes, 512, layers[3], 2, bottleneck);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 1, 1 });
        fc = nn.Linear(planes, numClasses);
        RegisterComponents();
        TorchvisionInit.Apply(this);
    }

    private static Sequential MakeStage(ref long inPlanes, long planes, int blocks, long stride, bool bottleneck)
    {
        nn.Module<Tensor, Tensor> Block(long from, long s) => bottleneck ? new Bottleneck(from, planes, s) : new BasicBlock(from, planes, s);
        var stage = new List<nn.Module<Tensor, Tensor>> { Block(inPlanes, stride) };
        inPlanes = bottleneck ? planes * Bottleneck.Expansion : planes;
        for (var i = 1; i < blocks; i++) stage.Add(Block(inPlanes, 1));
        return nn.Sequential(stage.ToArray());
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(avgpool.call(x).flatten(1));
    }

    /// <inheritdoc />
    public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var x = flow.Call(maxpool, flow.Call(relu, flow.Call(bn1, flow.Call(conv1, input))));
        x = flow.Call(layer4, flow.Call(layer3, flow.Call(layer2, flow.Call(layer1, x))));
        return flow.Call(fc, flow.Flatten(flow.Call(avgpool, x)));
    }
}

/// <summary>torchvision's basic residual block: conv3×3 → BN → ReLU → conv3×3 → BN, plus the identity (or a
/// 1×1 conv + BN "downsample" when the shape changes), then ReLU. The residual sum couples the channels of
/// bn2 and the shortcut (see <see cref="IChannelFlow"/>).</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>, IChannelFlow
{
    private readonly Conv2d conv1;
    private nn.Module<Tensor, Tensor> bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private nn.Module<Tensor, Tensor> bn2;
    private readonly Sequential? downsample;

    /// <summary>Creates a block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels.</summary>
    public BasicBlock(long inPlanes, long planes, long stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        relu = nn.ReLU();
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var residual = downsample is null ? input : downsample.call(input);
        var x = bn2.call(conv2.call(relu.call(bn1.call(conv1.call(input)))));
        return relu.call(x + residual);
    }

    /// <inheritdoc />
    public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var x = flow.Call(bn2, flow.Call(conv2, flow.Call(relu, flow.Call(bn1, flow.Call(conv1, input)))));
        var residual = downsample is null ? input : flow.Call(downsample, input);
        return flow.Call(relu, flow.Add(x, residual));
    }
}

/// <summary>torchvision's bottleneck residual block (ResNet-50 and deeper): conv1×1 → BN → ReLU → conv3×3 (with
/// the stride) → BN → ReLU → conv1×1 (4× the planes) → BN, plus the identity (or a 1×1 conv + BN "downsample"),
/// then ReLU.</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>, IChannelFlow
{
    /// <summary>Output channels per plane: the block returns 4·planes channels.</summary>
    public const long Expansion = 4;

    private readonly Conv2d conv1;
    private nn.Module<Tensor, Tensor> bn1;
    private readonly Conv2d conv2;
    private nn.Module<Tensor, Tensor> bn2;
    private readonly Conv2d conv3;
    private nn.Module<Tensor, Tensor> bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    /// <summary>Creates a block from <paramref name="inPlanes"/> to 4·<paramref name="planes"/> channels.</summary>
    public Bottleneck(long inPlanes, long planes, long stride = 1) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        relu = nn.ReLU();
        if (stride != 1 || inPlanes != planes * Expansion)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), nn.BatchNorm2d(planes * Expansion));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var residual = downsample is null ? input : downsample.call(input);
        var x = relu.call(bn1.call(conv1.call(input)));
        x = relu.call(bn2.call(conv2.call(x)));
        x = bn3.call(conv3.call(x));
        return relu.call(x + residual);
    }

    /// <inheritdoc />
    public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var x = flow.Call(relu, flow.Call(bn1, flow.Call(conv1, input)));
        x = flow.Call(relu, flow.Call(bn2, flow.Call(conv2, x)));
        x = flow.Call(bn3, flow.Call(conv3, x));
        var residual = downsample is null ? input : flow.Call(downsample, input);
        return flow.Call(relu, flow.Add(x, residual));
    }
}

/// <summary>The torchvision-compatible models by name.</summary>
public static class Vision
{
    /// <summary>ResNet-18 (torchvision's <c>resnet18</c>).</summary>
    public static ResNet ResNet18(int numClasses = 1000, int inChannels = 3) => new("ResNet", [2, 2, 2, 2], numClasses, inChannels);

    /// <summary>ResNet-34 (torchvision's <c>resnet34</c>).</summary>
    public static ResNet ResNet34(int numClasses = 1000, int inChannels = 3) => new("ResNet", [3, 4, 6, 3], numClasses, inChannels);

    /// <summary>ResNet-50 (torchvision's <c>resnet50</c>: bottleneck blocks).</summary>
    public static ResNet ResNet50(int numClasses = 1000, int inChannels = 3) =>
        new("ResNet", [3, 4, 6, 3], numClasses, inChannels, bottleneck: true);

    /// <summary>VGG-11 (torchvision's <c>vgg11</c>, or <c>vgg11_bn</c> with <paramref name="batchNorm"/>).</summary>
    public static Vgg Vgg11(int numClasses = 1000, bool batchNorm = false, int inChannels = 3) =>
        new("VGG", Vgg.Config11, batchNorm, numClasses, inChannels);

    /// <summary>VGG-16 (torchvision's <c>vgg16</c>, or <c>vgg16_bn</c> with <paramref name="batchNorm"/>).</summary>
    public static Vgg Vgg16(int numClasses = 1000, bool batchNorm = false, int inChannels = 3) =>
        new("VGG", Vgg.Config16, batchNorm, numClasses, inChannels);
}
