using FasterSharp.Models;
using TorchSharp;
using FasterSharp.Tests.Reference;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Models;

/// <summary>torchvision (Debian's python3-torchvision) is the oracle: its models' weights load into ours
/// by name and the logits agree.</summary>
public class VisionParityTests
{
    private static readonly Lazy<string> Fixtures = new(() => ReferenceScript.Run("make_vision_fixtures.py", TimeSpan.FromMinutes(5)));

    // float32 through ~20 layers: |ours − torchvision| ≤ 1e-4·|torchvision| + 1e-5.
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteTolerance = 1e-5;

    private static void AssertMatches(nn.Module<Tensor, Tensor> model, string name, bool compareTrainMode)
    {
        var weights = Path.Combine(Fixtures.Value, name + ".weights.dat");
        var io = ReferenceFile.Load(Path.Combine(Fixtures.Value, name + ".io.dat"));
        var expectedKeys = ReferenceFile.Load(weights).Keys.ToHashSet();
        Assert.Equal(expectedKeys.Order(), model.state_dict().Keys.Order());

        model.load(weights);
        model.eval();
        using (no_grad())
        {
            using var logits = model.call(io["input"]);
            ReferenceAssert.Close(io["logits"], logits, RelativeTolerance, AbsoluteTolerance, name + " eval logits");
            if (!compareTrainMode) return;
            model.train();
            using var trainLogits = model.call(io["input"]);
            ReferenceAssert.Close(io["train_logits"], trainLogits, RelativeTolerance, AbsoluteTolerance, name + " train logits");
        }
    }

    [Fact]
    public void ResNet18LoadsTorchvisionWeightsAndMatchesItsLogits() =>
        AssertMatches(Vision.ResNet18(numClasses: 10), "resnet18", compareTrainMode: true);

    [Fact]
    public void Vgg16BnLoadsTorchvisionWeightsAndMatchesItsLogits() =>
        AssertMatches(Vision.Vgg16(numClasses: 10, batchNorm: true), "vgg16_bn", compareTrainMode: false);
}
