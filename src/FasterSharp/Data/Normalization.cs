namespace FasterSharp.Data;

/// <summary>Per-channel statistics: a batch is made as (pixel/255 − mean) / std.</summary>
public sealed record Normalization
{
    /// <summary>Creates the statistics; both arrays have one value per channel.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a std is not positive and finite.</exception>
    public Normalization(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"mean has {mean.Length} values and std {std.Length}; both need one per channel", nameof(std));
        foreach (var s in std)
            if (!(s > 0) || double.IsInfinity(s)) throw new ArgumentException($"std {s} must be positive and finite", nameof(std));
        foreach (var m in mean)
            if (!double.IsFinite(m)) throw new ArgumentException($"mean {m} must be finite", nameof(mean));
        Mean = mean;
        Std = std;
    }

    /// <summary>Mean per channel, on the [0, 1] scale.</summary>
    public double[] Mean { get; }

    /// <summary>Standard deviation per channel, on the [0, 1] scale.</summary>
    public double[] Std { get; }

    /// <summary>Fashion-MNIST's training-set statistics.</summary>
    public static Normalization FashionMnist { get; } = new([0.2860], [0.3530]);

    /// <summary>CIFAR-10's training-set statistics.</summary>
    public static Normalization Cifar10 { get; } = new([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]);
}
