using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>fasterai's pruning criteria (w = current weights, w0 = weights saved at init or at the rewind
/// epoch, wp = weights at the previous pruning). Larger scores are kept. Build your own with
/// <see cref="Criterion(string, CriterionFunction, bool, bool, ScoreReduction)"/>.</summary>
public static partial class Criteria
{
    /// <summary>Random scores (a standard normal draw per weight at every pruning).</summary>
    public static readonly Criterion Random = new("random", (w, _, _) => randn_like(w));

    /// <summary>|w|: keep the largest weights (magnitude pruning).</summary>
    public static readonly Criterion LargeFinal = new("large_final", (w, _, _) => w.abs());

    /// <summary>−|w|: keep the smallest weights.</summary>
    public static readonly Criterion SmallFinal = new("small_final", (w, _, _) => w.abs().neg_());

    /// <summary>w²: keep the largest weights, scored by their square.</summary>
    public static readonly Criterion SquaredFinal = new("squared_final", (w, _, _) => w.square());

    /// <summary>|w0|: keep the weights that were largest when saved.</summary>
    public static readonly Criterion LargeInit = new("large_init", (_, w0, _) => w0!.abs(), needsInitialWeights: true);

    /// <summary>−|w0|: keep the weights that were smallest when saved.</summary>
    public static readonly Criterion SmallInit = new("small_init", (_, w0, _) => w0!.abs().neg_(), needsInitialWeights: true);

    /// <summary>min(|w|, |w0|): keep weights large both now and when saved.</summary>
    public static readonly Criterion LargeInitLargeFinal = new("large_init_large_final",
        (w, w0, _) => { using var a = w.abs(); using var b = w0!.abs(); return a.minimum(b); }, needsInitialWeights: true);

    /// <summary>−max(|w|, |w0|): keep weights small both now and when saved.</summary>
    public static readonly Criterion SmallInitSmallFinal = new("small_init_small_final",
        (w, w0, _) => { using var a = w.abs(); using var b = w0!.abs(); return a.maximum(b).neg_(); }, needsInitialWeights: true);

    /// <summary>|w| − |w0|: keep the weights whose magnitude grew most since saved.</summary>
    public static readonly Criterion MagnitudeIncrease = new("magnitude_increase",
        (w, w0, _) => { using var b = w0!.abs(); return w.abs().sub_(b); }, needsInitialWeights: true);

    /// <summary>|w − w0|: keep the weights that moved most since saved.</summary>
    public static readonly Criterion Movement = new("movement",
        (w, w0, _) => w.sub(w0!).abs_(), needsInitialWeights: true);

    /// <summary>|w·(w − w0)|: movement since saved, weighted by magnitude.</summary>
    public static readonly Criterion MovementMagnitude = new("movmag",
        (w, w0, _) => w.sub(w0!).mul_(w).abs_(), needsInitialWeights: true);

    /// <summary>|w| − |wp|: keep the weights whose magnitude grew most since the previous pruning.</summary>
    public static readonly Criterion UpdatingMagnitudeIncrease = new("updating_magnitude_increase",
        (w, _, wp) => { using var b = wp!.abs(); return w.abs().sub_(b); }, needsPreviousWeights: true);

    /// <summary>|w − wp|: keep the weights that moved most since the previous pruning.</summary>
    public static readonly Criterion UpdatingMovement = new("updating_movement",
        (w, _, wp) => w.sub(wp!).abs_(), needsPreviousWeights: true);

    /// <summary>|w·(w − wp)|: movement since the previous pruning, weighted by magnitude.</summary>
    public static readonly Criterion UpdatingMovementMagnitude = new("updating_movmag",
        (w, _, wp) => w.sub(wp!).mul_(w).abs_(), needsPreviousWeights: true);

    /// <summary>Every built-in criterion, in fasterai's order.</summary>
    public static IReadOnlyList<Criterion> All { get; } =
    [
        Random, LargeFinal, SmallFinal, SquaredFinal, LargeInit, SmallInit, LargeInitLargeFinal, SmallInitSmallFinal,
        MagnitudeIncrease, Movement, UpdatingMagnitudeIncrease, UpdatingMovement, MovementMagnitude, UpdatingMovementMagnitude,
    ];

    /// <summary>The built-in criterion of that fasterai name ("large_final", …; case-insensitive).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Criterion Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown criterion '{name}'; known criteria: {string.Join(", ", All.Select(c => c.Name))}", nameof(name));
    }
}
