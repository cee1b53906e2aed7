using System.Collections.Immutable;

namespace FasterSharp.Data;

/// <summary>Per-channel statistics: a batch is made as (pixel/255 − mean) / std. Immutable: the constructor
/// copies the arrays it is given, and <see cref="Mean"/> and <see cref="Std"/> are read-only, so the shared
/// <see cref="FashionMnist"/> and <see cref="Cifar10"/> statistics cannot be changed by anyone.</summary>
public sealed record Normalization
{
    /// <summary>Creates the statistics from copies of <paramref name="mean"/> and <paramref name="std"/>,
    /// one value per channel, on the [0, 1] pixel scale.</summary>
    /// <exception cref="ArgumentNullException">A null array.</exception>
    /// <exception cref="ArgumentException">Empty arrays or lengths that differ; a mean that is not finite; a std
    /// that is not positive and finite; or values so extreme that a normalized pixel overflows float32.</exception>
    public Normalization(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"mean has {mean.Length} values and std {std.Length}; both need one per channel (at least one)", nameof(std));
        for (var c = 0; c < std.Length; c++)
        {
            if (!double.IsFinite(mean[c])) throw new ArgumentException($"mean[{c}] = {mean[c]} must be finite", nameof(mean));
            if (!(std[c] > 0) || !double.IsFinite(std[c])) throw new ArgumentException($"std[{c}] = {std[c]} must be positive and finite", nameof(std));
            // Batches are float32: the normalized values of pixel 0 and pixel 255 must be finite there.
            if (!float.IsFinite((float)((0 - mean[c]) / std[c])) || !float.IsFinite((float)((1 - mean[c]) / std[c])))
                throw new ArgumentException($"mean[{c}] = {mean[c]} with std[{c}] = {std[c]} makes normalized pixels overflow float32", nameof(std));
        }
        Mean = [.. mean];
        Std = [.. std];
    }

    /// <summary>Mean per channel, on the [0, 1] scale.</summary>
    public ImmutableArray<double> Mean { get; }

    /// <summary>Standard deviation per channel, on the [0, 1] scale.</summary>
    public ImmutableArray<double> Std { get; }

    /// <summary>Fashion-MNIST's training-set statistics.</summary>
    public static Normalization FashionMnist { get; } = new([0.2860], [0.3530]);

    /// <summary>CIFAR-10's training-set statistics.</summary>
    public static Normalization Cifar10 { get; } = new([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]);
}
