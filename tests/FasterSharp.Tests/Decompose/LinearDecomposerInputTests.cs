using FasterSharp.Decompose;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Decompose;

/// <summary>Weights an SVD cannot take are refused by layer name, with the model unchanged.</summary>
public class LinearDecomposerInputTests
{
    [Theory]
    [InlineData(float.NaN, false)]
    [InlineData(float.PositiveInfinity, false)]
    [InlineData(float.NaN, true)]
    public void NonFiniteWeightsOrBiasAreRefusedByLayerNameBeforeAnyLayerIsReplaced(float value, bool inBias)
    {
        manual_seed(5);
        var model = nn.Sequential(("fc", nn.Linear(30, 40)), ("relu", nn.ReLU()), ("out", nn.Linear(40, 3)));
        using (no_grad())
        {
            var layer = Get<Linear>(model, "out");
            if (inBias) layer.bias![1] = value;
            else layer.weight[2, 7] = value;
        }
        var before = LearnerFixtures.Snapshot(model);

        var e = Assert.Throws<ArgumentException>(() => LinearDecomposer.Decompose(model, RankSelection.Rank(2)));

        Assert.Contains("layer 'out'", e.Message);
        Assert.Contains(inBias ? "bias" : "(1 of 120)", e.Message);
        Assert.IsType<Linear>(Get<nn.Module>(model, "fc"));
        Assert.Equal(before.Keys, LearnerFixtures.Snapshot(model).Keys);
    }

    [Fact]
    public void ADisposedModelIsAnObjectDisposedException()
    {
        var model = nn.Sequential(("fc", nn.Linear(30, 40)), ("out", nn.Linear(40, 3)));
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => LinearDecomposer.Decompose(model, RankSelection.Rank(2)));
    }
}
