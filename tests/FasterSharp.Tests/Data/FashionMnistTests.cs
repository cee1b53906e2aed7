using FasterSharp.Data;

namespace FasterSharp.Tests.Data;

public class FashionMnistTests
{
    [Fact]
    public void DebiansFilesHoldSixtyThousandTrainingAndTenThousandTestImages()
    {
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        // The first training image is an ankle boot (label 9); every class has 6,000 training images.
        Assert.Equal(9, train.Labels[0]);
        Assert.All(train.Labels.GroupBy(l => l), g => Assert.Equal(6_000, g.Count()));
        var stats = train.ComputeStatistics();
        Assert.Equal(0.2860, stats.Mean[0], 3);
        Assert.Equal(0.3530, stats.Std[0], 3);
    }
}
