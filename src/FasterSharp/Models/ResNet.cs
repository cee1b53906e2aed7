using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Models;

/// <summary>torchvision's ResNet with basic blocks (ResNet-18 and -34): the same module tree and parameter
/// names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, …), so torchvision state dicts load and
/// the logits match.</summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds a ResNet of basic blocks with <paramref name="layers"/> blocks per stage.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="layers">Blocks in each of the four stages, e.g. {2, 2, 2, 2} for ResNet-18.</param>
    /// <param name="numClasses">Outputs of the final Linear layer.</param>
    /// <param name="inChannels">Channels of the input images (3 for RGB, 1 for Fashion-MNIST).</param>
    public ResNet(string name, int[] layers, int numClasses = 1000, int inChannels = 3) : base(name)
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
        layer1 = MakeStage(ref planes, 64, layers[0], 1);
        layer2 = MakeStage(ref planes, 128, layers[1], 2);
        layer3 = MakeStage(ref planes, 256, layers[2], 2);
        layer4 = MakeStage(ref planes, 512, layers[3], 2);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 1, 1 });
        fc = nn.Linear(512, numClasses);
        RegisterComponents();
        TorchvisionInit.Apply(this);
    }

    private static Sequential MakeStage(ref long inPlanes, long planes, int blocks, long stride)
    {
        var stage = new List<nn.Module<Tensor, Tensor>> { new BasicBlock(inPlanes, planes, stride) };
        inPlanes = planes;
        for (var i = 1; i < blocks; i++) stage.Add(new BasicBlock(inPlanes, planes, 1));
        return nn.Sequential(stage.ToArray());
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(avgpool.call(x).flatten(1));
    }
}

/// <summary>torchvision's basic residual block: conv3×3 → BN → ReLU → conv3×3 → BN, plus the identity (or a
/// 1×1 conv + BN "downsample" when the shape changes), then ReLU.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
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
}

/// <summary>The torchvision-compatible models by name.</summary>
public static class Vision
{
    /// <summary>ResNet-18 (torchvision's <c>resnet18</c>).</summary>
    public static ResNet ResNet18(int numClasses = 1000, int inChannels = 3) => new("ResNet", [2, 2, 2, 2], numClasses, inChannels);

    /// <summary>ResNet-34 (torchvision's <c>resnet34</c>).</summary>
    public static ResNet ResNet34(int numClasses = 1000, int inChannels = 3) => new("ResNet", [3, 4, 6, 3], numClasses, inChannels);

    /// <summary>VGG-11 (torchvision's <c>vgg11</c>, or <c>vgg11_bn</c> with <paramref name="batchNorm"/>).</summary>
    public static Vgg Vgg11(int numClasses = 1000, bool batchNorm = false, int inChannels = 3) =>
        new("VGG", Vgg.Config11, batchNorm, numClasses, inChannels);

    /// <summary>VGG-16 (torchvision's <c>vgg16</c>, or <c>vgg16_bn</c> with <paramref name="batchNorm"/>).</summary>
    public static Vgg Vgg16(int numClasses = 1000, bool batchNorm = false, int inChannels = 3) =>
        new("VGG", Vgg.Config16, batchNorm, numClasses, inChannels);
}
