using FasterSharp.Sparse;

namespace FasterSharp.Tests.Sparse;

public class GroupSelectionTests
{
    [Fact]
    public void KeepsExactlyTheLargestScoresEvenWithManyTies()
    {
        var rng = new Random(5);
        foreach (var n in new[] { 1, 2, 7, 100, 1000 })
            foreach (var keep in new[] { 1, n / 3, n / 2, n - 1, n })
            {
                if (keep < 1) continue;
                // Half the scores tied at 0 (pruned groups), the rest drawn from a few values (more ties).
                var scores = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0f : rng.Next(5)).ToArray();
                var flags = GroupSelection.KeepLargest(scores, keep);
                Assert.Equal(keep, flags.Count(f => f == 1));
                var kept = scores.Where((_, i) => flags[i] == 1).ToArray();
                var dropped = scores.Where((_, i) => flags[i] == 0).ToArray();
                if (dropped.Length > 0) Assert.True(kept.Min() >= dropped.Max());
                var sorted = scores.OrderBy(s => s).ToArray();
                Assert.Equal(sorted[n - keep], GroupSelection.KthSmallest((float[])scores.Clone(), n - keep));
            }
    }

    [Fact]
    public void NaNScoresRankLowest()
    {
        var flags = GroupSelection.KeepLargest(new[] { float.NaN, 1f, 2f, float.NaN }, 2);
        Assert.Equal(new[] { 0f, 1f, 1f, 0f }, flags);
    }
}
