using FasterSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Models;

public class ModelShapeTests
{
    private static long[] OutputShape(nn.Module<Tensor, Tensor> model, params long[] input)
    {
        model.eval();
        using var noGrad = no_grad();
        using var x = randn(input);
        using var y = model.call(x);
        return y.shape;
    }

    [Fact]
    public void SmallCnnsMapFashionMnistImagesToTenLogits()
    {
        Assert.Equal(new long[] { 3, 10 }, OutputShape(SmallCnns.BenchmarkCnn(), 3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, OutputShape(SmallCnns.VggStyle(), 3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, OutputShape(SmallCnns.PruningNet(), 3, 1, 28, 28));
        Assert.Equal(new long[] { 2, 7 }, OutputShape(SmallCnns.BenchmarkCnn(numClasses: 7, inChannels: 3), 2, 3, 28, 28));
    }

    [Fact]
    public void TorchvisionModelsAcceptOtherInputChannelsAndClassCounts()
    {
        Assert.Equal(new long[] { 2, 10 }, OutputShape(Vision.ResNet18(numClasses: 10, inChannels: 1), 2, 1, 28, 28));
        Assert.Equal(new long[] { 1, 4 }, OutputShape(Vision.ResNet34(numClasses: 4), 1, 3, 32, 32));
        Assert.Equal(new long[] { 1, 5 }, OutputShape(Vision.Vgg11(numClasses: 5, inChannels: 1), 1, 1, 32, 32));
    }

    [Fact]
    public void ParameterNamesFollowTorchvisionAndPyTorchSequential()
    {
        var resnet = Vision.ResNet34(numClasses: 10).state_dict().Keys.ToList();
        Assert.Contains("layer3.5.bn2.running_var", resnet);
        Assert.Contains("layer2.0.downsample.0.weight", resnet);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", resnet);
        Assert.Equal(218, resnet.Count); // torchvision's resnet34 state_dict has 218 entries
        var cnn = SmallCnns.BenchmarkCnn().state_dict().Keys.ToList();
        // PyTorch's nn.Sequential of the same layers (bench/pytorch_bench.py) has exactly these names.
        string[] expected = ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
            "4.weight", "4.bias", "5.weight", "5.bias", "5.running_mean", "5.running_var", "5.num_batches_tracked",
            "8.weight", "8.bias", "9.weight", "9.bias", "9.running_mean", "9.running_var", "9.num_batches_tracked",
            "13.weight", "13.bias", "15.weight", "15.bias"];
        Assert.Equal(expected.Order(), cnn.Order());
    }

    [Fact]
    public void BadModelArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SmallCnns.BenchmarkCnn(numClasses: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vision.ResNet18(inChannels: 0));
        Assert.Throws<ArgumentException>(() => new ResNet("r", [2, 2, 2], 10));
    }
}
