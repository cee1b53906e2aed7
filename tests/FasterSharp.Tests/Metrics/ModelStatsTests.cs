using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Prune;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Metrics;

/// <summary>Parameters and MACs against hand formulas and published numbers; size on disk against a saved file;
/// latency statistics; the before → after table and the per-layer chart.</summary>
public class ModelStatsTests
{
    private static long Macs(ModelStats stats, string layer) => stats.Layers.Single(l => l.Name == layer).Macs!.Value;

    [Fact]
    public void ASmallNetHasTheHandCountedParametersAndMacs()
    {
        var model = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 14 * 14, 10));
        var stats = ModelStats.Measure(model, randn(3, 1, 28, 28)); // MACs per sample, whatever the batch

        Assert.Equal((4 * 9 + 4) + 2 * 4 + (784 * 10 + 10), stats.Parameters);
        Assert.Equal(4 * 28 * 28 * 9, Macs(stats, "0"));     // conv: output elements × in channels × kernel area
        Assert.Equal(4 * 28 * 28, Macs(stats, "1"));         // BatchNorm: one multiply-add per element
        Assert.Equal(4 * 14 * 14 * 4, Macs(stats, "3"));     // max-pool: output elements × window area
        Assert.Equal(784 * 10, Macs(stats, "5"));            // Linear: in × out
        Assert.Equal(28_224 + 3_136 + 3_136 + 7_840, stats.Macs);
        Assert.Null(stats.Layers.Single(l => l.Name == "2").Macs);
        Assert.Equal(["ReLU", "Flatten"], stats.NotCounted);
        Assert.Equal([1L, 28, 28], stats.InputShape);
        Assert.Equal([4L, 14, 14], stats.Layers.Single(l => l.Name == "3").OutputShape);
    }

    [Fact]
    public void TheSeedFourNetHasTheHandCountedMacs()
    {
        var stats = ModelStats.Measure(SmallCnns.PruningNet(), randn(1, 1, 28, 28));
        long conv1 = 20 * 24 * 24 * (1 * 25), bn1 = 20 * 24 * 24, pool1 = 20 * 12 * 12 * 4;
        long conv2 = 50 * 8 * 8 * (20 * 25), bn2 = 50 * 8 * 8;
        long conv3 = 100 * 4 * 4 * (50 * 25), bn3 = 100 * 4 * 4, gap = 100 * 4 * 4;
        long fc1 = 100 * 50, fc2 = 50 * 10;
        Assert.Equal(conv1 + bn1 + pool1 + conv2 + bn2 + conv3 + bn3 + gap + fc1 + fc2, stats.Macs);
        Assert.Equal(gap, Macs(stats, "pool"));
        Assert.Equal(20 * 25 + 20 + 40 + 50 * 20 * 25 + 50 + 100 + 100 * 50 * 25 + 100 + 200 + 100 * 50 + 50 + 50 * 10 + 10, stats.Parameters);
    }

    [Fact]
    public void AdaptivePoolingCountsItsOverlappingWindows()
    {
        // 7 → 3 per side: windows [0,3), [2,5), [4,7) of 3 each, so 9 × 9 window elements per channel.
        var stats = ModelStats.Measure(nn.Sequential(nn.AdaptiveAvgPool2d(3)), randn(1, 2, 7, 7));
        Assert.Equal(2 * 9 * 9, stats.Macs);
    }

    [Fact]
    public void ResNet18At224IsWithinOnePercentOfThePublished182GMacs()
    {
        var model = Vision.ResNet18();
        var stats = ModelStats.Measure(model, randn(1, 3, 224, 224));
        Assert.Equal(11_689_512, stats.Parameters); // torchvision's resnet18
        Assert.InRange(stats.Macs, 1.82e9 * 0.99, 1.82e9 * 1.01);
        // Convolutions and fc alone: 1.814 G.
        var weighted = stats.Layers.Where(l => l.Type is "Conv2d" or "Linear").Sum(l => l.Macs!.Value);
        Assert.Equal(1_814_073_344, weighted);
        Assert.Contains("ReLU", stats.NotCounted);
        Assert.Equal(2, stats.Layers.Single(l => l.Name == "layer1.0.relu").Calls); // reused inside the block
    }

    [Fact]
    public void ResNet50HasTorchvisionsParameterCount()
    {
        var stats = ModelStats.Measure(Vision.ResNet50(), randn(1, 3, 32, 32));
        Assert.Equal(25_557_032, stats.Parameters);
    }

    [Fact]
    public void SizeOnDiskIsTheLengthOfTheSavedFileAndNonZeroCountsZeros()
    {
        var model = SmallCnns.VggStyle();
        using (no_grad()) ((TorchSharp.Modules.Linear)((TorchSharp.Modules.Sequential)model[2])[0]).weight.zero_();
        var stats = ModelStats.Measure(model, randn(1, 1, 28, 28));
        var path = Path.Combine(Path.GetTempPath(), $"fastersharp-size-{Guid.NewGuid():N}.bin");
        try
        {
            model.save(path);
            Assert.Equal(new FileInfo(path).Length, stats.SizeBytes);
        }
        finally
        {
            File.Delete(path);
        }
        // Zeros: the zeroed weight and the BatchNorms' β, which start at 0.
        Assert.Equal(stats.Parameters - 1152 * 512 - (32 + 32 + 64 + 64 + 128), stats.NonZeroParameters);
        Assert.Equal(1152 * 512 + 512, stats.Layers.Single(l => l.Name == "classifier.0").Parameters);
        Assert.Equal(512, stats.Layers.Single(l => l.Name == "classifier.0").NonZeroParameters);
    }

    [Fact]
    public void LatencyReportsTheMedianAndSpreadAndRestoresThreadsAndMode()
    {
        var model = SmallCnns.PruningNet();
        model.train();
        var threads = get_num_threads();
        var latency = Latency.Measure(model, randn(2, 1, 28, 28), new LatencyOptions(batchSize: 3, threads: 1, warmup: 1, runs: 5));
        Assert.Equal((3, 1, 1, 5), (latency.BatchSize, latency.Threads, latency.Warmup, latency.Runs));
        Assert.True(latency.MinMs > 0);
        Assert.True(latency.MinMs <= latency.LowerQuartileMs && latency.LowerQuartileMs <= latency.MedianMs
            && latency.MedianMs <= latency.UpperQuartileMs && latency.UpperQuartileMs <= latency.MaxMs, latency.ToString());
        Assert.Equal(latency.MedianMs / 3, latency.MedianPerSampleMs, 12);
        Assert.Equal(threads, get_num_threads());
        Assert.True(model.training);
        Assert.Contains("batch 3, 1 thread, 5 runs after 1 warm-up", latency.ToString());
        Assert.Equal("runs", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(runs: 0)).ParamName);
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOptions(threads: 0)).ParamName);
    }

    [Fact]
    public void QuartilesInterpolateLinearlyAsNumpyDoes()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, Latency.Quantile(sorted, 0.5));
        Assert.Equal(1.75, Latency.Quantile(sorted, 0.25));
        Assert.Equal(3.25, Latency.Quantile(sorted, 0.75));
    }

    [Fact]
    public void TheComparisonTabulatesBeforeAfterAndRatios()
    {
        manual_seed(41);
        var model = SmallCnns.VggStyle();
        using var sample = randn(1, 1, 28, 28);
        var before = ModelStats.Measure(model, sample, name: "dense <net>");
        Pruner.PruneFilters(model, sample, 50);
        var after = ModelStats.Measure(model, sample, name: "pruned");
        var comparison = before.CompareTo(after).WithMetric("accuracy", 0.91, 0.905);

        Assert.Equal(["Parameters", "Non-zero parameters", "MACs per sample", "Size on disk", "accuracy"], comparison.Rows.Select(r => r.Quantity));
        var macs = comparison.Rows[2];
        Assert.Equal((double)before.Macs, macs.Before);
        Assert.Equal((double)after.Macs, macs.After);
        Assert.InRange(macs.Ratio, 0.2, 0.35); // half the channels: about a quarter of the conv MACs
        var text = comparison.ToString();
        Assert.Contains("accuracy", text);
        Assert.Contains("0.9100", text);
        Assert.Contains("dense &lt;net&gt;", comparison.ToHtml());
        Assert.DoesNotContain("<net>", comparison.ToHtml());

        var figure = comparison.PlotLayers(LayerQuantity.Macs).ToJson();
        Assert.Contains("\"type\":\"bar\"", figure);
        Assert.Contains("features.0", figure);
        Assert.Contains("\"pruned\"", figure);
    }

    [Fact]
    public void StatsDisplayAsTextAndHtmlWithThePerLayerTable()
    {
        var stats = ModelStats.Measure(SmallCnns.PruningNet(), randn(1, 1, 28, 28),
            new LatencyOptions(batchSize: 2, threads: 1, warmup: 0, runs: 2), name: "seed-004");
        var text = stats.ToString();
        Assert.Contains("Parameters: 156,570", text);
        Assert.Contains("MACs per sample: 3,922,940 (3.92 M)", text);
        var conv2 = text.Split('\n').Single(line => line.StartsWith("conv2 ", StringComparison.Ordinal));
        Assert.Equal(["conv2", "Conv2d", "[50,", "8,", "8]", "25,050", "25,050", "1,600,000"], conv2.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Latency: ", text);
        Assert.Contains("<td>Size on disk</td>", stats.ToHtml());
        Assert.Contains("\"conv3\"", stats.PlotLayers(LayerQuantity.Parameters).ToJson());
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => ModelStats.Measure(SmallCnns.PruningNet(), randn(1, 1, 28, 28), name: " ")).ParamName);
    }

    [Fact]
    public void StatsAndComparisonDisplayThroughTheNotebookFormatterConvention()
    {
        var stats = ModelStats.Measure(SmallCnns.PruningNet(), randn(1, 1, 28, 28), name: "a <b>");
        var bundle = FasterSharp.Tests.Display.ConventionFormatting.Bundle(stats);
        Assert.Equal([FasterSharp.Display.MimeTypes.Html, FasterSharp.Display.MimeTypes.PlainText], bundle.Keys);
        Assert.StartsWith("<table", bundle[FasterSharp.Display.MimeTypes.Html]);
        Assert.Contains("a &lt;b&gt;", bundle[FasterSharp.Display.MimeTypes.Html]);
        Assert.Equal(stats.ToString(), bundle[FasterSharp.Display.MimeTypes.PlainText]);
        var comparison = FasterSharp.Tests.Display.ConventionFormatting.Bundle(stats.CompareTo(stats));
        Assert.Contains("<th>before</th><th>after</th>", comparison[FasterSharp.Display.MimeTypes.Html]);
    }
}
