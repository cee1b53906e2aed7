using FasterSharp.Metrics;
using FasterSharp.Models;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Metrics;

/// <summary>Latency.Compare times models alternately round after round and summarizes each by the median of its
/// round medians, their min–max spread and the ratio to the first model.</summary>
public class LatencyCompareTests
{
    /// <summary>A model that writes its name into a shared log on every forward pass.</summary>
    private sealed class Recording(string label, List<string> log) : nn.Module<Tensor, Tensor>("recording")
    {
        public override Tensor forward(Tensor input)
        {
            log.Add(label);
            return input.flatten(1).sum(1);
        }
    }

    [Fact]
    public void EveryRoundMeasuresEveryModelInTheOrderGivenSoTheMeasurementsInterleave()
    {
        var log = new List<string>();
        using var a = new Recording("a", log);
        using var b = new Recording("b", log);
        using var sample = randn(2, 1, 4, 4);
        var options = new LatencyOptions(warmup: 1, runs: 2);

        var result = Latency.Compare([("A", a), ("B", b)], sample, options, rounds: 3);

        // Each measurement is 1 warm-up + 2 timed passes: blocks of 3 alternating a, b, a, b, a, b.
        var expected = Enumerable.Range(0, 3).SelectMany(_ => Enumerable.Repeat("a", 3).Concat(Enumerable.Repeat("b", 3)));
        Assert.Equal(expected, log);
        Assert.Equal(3, result.RoundCount);
        Assert.Same(options, result.Options);
    }

    [Fact]
    public void TheResultHasOneRowPerModelWithTheMedianOfRoundMediansItsSpreadAndTheRatioToTheFirst()
    {
        var log = new List<string>();
        using var a = new Recording("a", log);
        using var b = new Recording("b", log);
        using var c = new Recording("c", log);
        using var sample = randn(1, 1, 4, 4);

        var result = Latency.Compare([("first", a), ("second", b), ("third", c)], sample, new LatencyOptions(warmup: 0, runs: 3), rounds: 4);

        Assert.Equal(["first", "second", "third"], result.Rows.Select(r => r.Name));
        foreach (var row in result.Rows)
        {
            Assert.Equal(4, row.Rounds.Count);
            var medians = row.Rounds.Select(s => s.MedianMs).Order().ToArray();
            Assert.Equal((medians[1] + medians[2]) / 2, row.MedianMs, 12);
            Assert.Equal(medians[0], row.MinMs);
            Assert.Equal(medians[^1], row.MaxMs);
            Assert.Equal(row.MedianMs / result.Rows[0].MedianMs, row.RatioToFirst, 12);
            Assert.Equal(1 / row.RatioToFirst, row.SpeedUpOverFirst, 12);
        }
        Assert.Equal(1.0, result.Rows[0].RatioToFirst);
        Assert.Same(result.Rows[1], result["second"]);
        Assert.Throws<KeyNotFoundException>(() => result["fourth"]);

        var table = result.ToTable();
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["model", "median (ms)", "spread (ms)", "ratio to first", "spreads disjoint"], table.Headers);
        Assert.Contains("4 alternating rounds", table.Caption);
        Assert.Contains("second", result.ToString());
        Assert.Contains("<table", result.ToHtml());
    }

    [Fact]
    public void SpreadsAreSeparatedOnlyWhenTheyDoNotOverlap()
    {
        LatencyComparisonRow Row(double min, double max) => new("m", [], (min + max) / 2, min, max, 1);
        Assert.True(Row(1, 2).IsSeparatedFrom(Row(2.5, 3)));
        Assert.True(Row(2.5, 3).IsSeparatedFrom(Row(1, 2)));
        Assert.False(Row(1, 2).IsSeparatedFrom(Row(1.5, 3)));
        Assert.False(Row(1, 3).IsSeparatedFrom(Row(1.5, 2)));
    }

    [Fact]
    public void BadArgumentsAreRefusedBeforeAnythingIsTimed()
    {
        var log = new List<string>();
        using var a = new Recording("a", log);
        using var b = new Recording("b", log);
        using var sample = randn(1, 1, 4, 4);

        Assert.Throws<ArgumentNullException>(() => Latency.Compare(null!, sample));
        Assert.Throws<ArgumentNullException>(() => Latency.Compare([("A", a)], null!));
        Assert.Equal("models", Assert.Throws<ArgumentException>(() => Latency.Compare([], sample)).ParamName);
        var repeated = Assert.Throws<ArgumentException>(() => Latency.Compare([("A", a), ("A", b)], sample));
        Assert.Contains("'A'", repeated.Message);
        Assert.Throws<ArgumentException>(() => Latency.Compare([(" ", a)], sample));
        Assert.Throws<ArgumentNullException>(() => Latency.Compare([(null!, a)], sample));
        Assert.Throws<ArgumentNullException>(() => Latency.Compare([("A", null!)], sample));
        Assert.Equal("rounds", Assert.Throws<ArgumentOutOfRangeException>(() => Latency.Compare([("A", a)], sample, rounds: 0)).ParamName);
        Assert.Equal("rounds", Assert.Throws<ArgumentOutOfRangeException>(() => Latency.Compare([("A", a)], sample, rounds: Latency.MaxRounds + 1)).ParamName);
        using var integers = ones(1, 1, 4, 4, dtype: ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => Latency.Compare([("A", a)], integers));
        Assert.Empty(log);
    }

    [Fact]
    public void ADisposedModelIsRefusedBeforeAnythingIsTimed()
    {
        var log = new List<string>();
        using var live = new Recording("a", log);
        var disposed = SmallCnns.BenchmarkCnn();
        disposed.Dispose();
        using var sample = randn(1, 1, 28, 28);

        Assert.Throws<ObjectDisposedException>(() => Latency.Compare([("live", live), ("disposed", disposed)], sample));
        Assert.Empty(log);
    }
}
