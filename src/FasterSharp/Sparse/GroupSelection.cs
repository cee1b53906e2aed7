using System.Runtime.CompilerServices;

namespace FasterSharp.Sparse;

/// <summary>Picks the best-scored groups in linear time (a selection, not a sort): pruning runs every batch
/// under gradual schedules, and LibTorch's sort is several times slower than a selection.</summary>
internal static class GroupSelection
{
    /// <summary>1 for the <paramref name="keep"/> largest scores and 0 for the others; among scores equal
    /// to the smallest kept one, the first ones (by index) are kept, so exactly <paramref name="keep"/> are.
    /// NaN scores rank lowest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] KeepLargest(ReadOnlySpan<float> scores, long keep)
    {
        var flags = new float[scores.Length];
        if (keep <= 0) return flags;
        if (keep >= scores.Length)
        {
            Array.Fill(flags, 1f);
            return flags;
        }
        var values = scores.ToArray();
        for (var i = 0; i < values.Length; i++)
            if (float.IsNaN(values[i])) values[i] = float.NegativeInfinity;
        var threshold = KthSmallest((float[])values.Clone(), values.Length - keep);
        long greater = 0;
        foreach (var v in values)
            if (v > threshold) greater++;
        var ties = keep - greater;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v > threshold || (v == threshold && ties-- > 0)) flags[i] = 1f;
        }
        return flags;
    }

    /// <summary>The value at position <paramref name="k"/> (from 0) of <paramref name="values"/> in ascending
    /// order (reorders the array; no NaN allowed). Hoare partitioning stops on values equal to the pivot, so
    /// many ties (pruned groups all score 0) stay linear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float KthSmallest(float[] values, long k)
    {
        long left = 0, right = values.LongLength - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[left + (right - left) / 2], values[right]);
            long i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }

    private static float MedianOfThree(float a, float b, float c)
    {
        if (a > b) (a, b) = (b, a);
        if (b > c) b = c;
        return a > b ? a : b;
    }
}
