namespace FasterSharp.Sparse;

/// <summary>How the element scores of one group (see <see cref="Granularity"/>) become the group's score.</summary>
public enum ScoreReduction
{
    /// <summary>The mean of the group's element scores (fasterai's default).</summary>
    Mean,

    /// <summary>The sum of the group's element scores.</summary>
    Sum,
}
