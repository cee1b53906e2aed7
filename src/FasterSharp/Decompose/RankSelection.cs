using System.Globalization;

namespace FasterSharp.Decompose;

/// <summary>How <see cref="LinearDecomposer"/> chooses k, the number of singular values a Linear layer keeps.
/// r is the number of singular values of the m×n weight, min(m, n).</summary>
public sealed class RankSelection
{
    private readonly Func<double[], int> _choose;

    private RankSelection(string description, Func<double[], int> choose, int? fixedK = null)
    {
        Description = description;
        _choose = choose;
        FixedK = fixedK;
    }

    /// <summary>The k of <see cref="Rank"/>, known before any SVD; null for the other selections.</summary>
    internal int? FixedK { get; }

    /// <summary>What the selection does, e.g. "50% of the singular values removed".</summary>
    public string Description { get; }

    /// <summary>fasterai's <c>percent_removed</c>: k = max(1, ⌊(1 − <paramref name="fraction"/>)·r⌋).</summary>
    /// <param name="fraction">Fraction of the singular values removed, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is NaN or outside [0, 1).</exception>
    public static RankSelection PercentRemoved(double fraction)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the fraction of singular values removed must be in [0, 1)");
        return new RankSelection($"{(fraction * 100).ToString("0.##", CultureInfo.InvariantCulture)}% of the singular values removed",
            s => Math.Max(1, (int)Math.Floor((1 - fraction) * s.Length + 1e-9)));
    }

    /// <summary>The smallest k whose singular values keep at least <paramref name="threshold"/> of the energy:
    /// Σ_{i≤k} σᵢ² ≥ threshold · Σ σᵢ².</summary>
    /// <param name="threshold">Fraction of the energy kept, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN or outside (0, 1].</exception>
    public static RankSelection Energy(double threshold)
    {
        if (double.IsNaN(threshold) || threshold <= 0 || threshold > 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the energy threshold must be in (0, 1]");
        return new RankSelection($"{(threshold * 100).ToString("0.##", CultureInfo.InvariantCulture)}% of the energy kept", s =>
        {
            var total = s.Sum(v => v * v);
            if (total == 0) return 1;
            double kept = 0;
            for (var k = 0; k < s.Length; k++)
            {
                kept += s[k] * s[k];
                if (kept >= threshold * total * (1 - 1e-12)) return k + 1;
            }
            return s.Length;
        });
    }

    /// <summary>A fixed k for every decomposed layer.</summary>
    /// <param name="k">Singular values kept, ≥ 1; a layer with fewer than k singular values is an error.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1.</exception>
    public static RankSelection Rank(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new RankSelection($"k = {k}", _ => k, k);
    }

    /// <summary>k for the singular values <paramref name="singularValues"/> (descending).</summary>
    internal int Choose(double[] singularValues) => _choose(singularValues);

    /// <summary>The description.</summary>
    public override string ToString() => Description;
}
