namespace FasterSharp.Data;

/// <summary>A random change applied to each training image when its batch is made (before normalization).</summary>
public interface IImageAugmentation
{
    /// <summary>Writes the augmented <paramref name="source"/> image (C×H×W bytes) into <paramref name="destination"/>.</summary>
    void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random);
}

/// <summary>Pads the image with zeros by <see cref="Padding"/> pixels on each side, then crops a random
/// window of the original size (torchvision's RandomCrop(size, padding)).</summary>
public sealed class RandomCrop : IImageAugmentation
{
    /// <summary>The largest padding: the shift is drawn from 2·padding + 1 values, which must fit an <see cref="int"/>.</summary>
    public const int MaxPadding = (int.MaxValue - 1) / 2;

    /// <summary>Creates the augmentation.</summary>
    /// <param name="padding">Zero padding on each side, in pixels, in [0, <see cref="MaxPadding"/>] (default 4).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative or above <see cref="MaxPadding"/>.</exception>
    public RandomCrop(int padding = 4)
    {
        if (padding is < 0 or > MaxPadding) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"must be in [0, {MaxPadding}]");
        Padding = padding;
    }

    /// <summary>Zero padding on each side, in pixels.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A dimension below 1, or a span shorter than C×H×W.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random)
    {
        AugmentationArguments.Check(source, destination, channels, height, width, random);
        var dy = random.Next(2 * Padding + 1) - Padding;
        var dx = random.Next(2 * Padding + 1) - Padding;
        destination.Clear();
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
            {
                var sy = (long)y + dy;
                if (sy < 0 || sy >= height) continue;
                for (var x = 0; x < width; x++)
                {
                    var sx = (long)x + dx;
                    if (sx >= 0 && sx < width) destination[(c * height + y) * width + x] = source[(int)((c * height + sy) * width + sx)];
                }
            }
    }
}

/// <summary>Mirrors the image left–right with probability <see cref="Probability"/>.</summary>
public sealed class HorizontalFlip : IImageAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public HorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in [0, 1]");
        Probability = probability;
    }

    /// <summary>The chance of a flip.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A dimension below 1, or a span shorter than C×H×W.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random)
    {
        AugmentationArguments.Check(source, destination, channels, height, width, random);
        if (random.NextDouble() >= Probability)
        {
            source[..(channels * height * width)].CopyTo(destination);
            return;
        }
        for (var row = 0; row < channels * height; row++)
            for (var x = 0; x < width; x++)
                destination[row * width + x] = source[row * width + width - 1 - x];
    }
}

/// <summary>The checks every augmentation makes on its arguments (cheap: a few comparisons per image).</summary>
internal static class AugmentationArguments
{
    public static void Check(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be at least 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be at least 1");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be at least 1");
        var size = (long)channels * height * width;
        if (source.Length < size) throw new ArgumentException($"the source has {source.Length} bytes, a {channels}×{height}×{width} image needs {size}", nameof(source));
        if (destination.Length < size) throw new ArgumentException($"the destination has {destination.Length} bytes, a {channels}×{height}×{width} image needs {size}", nameof(destination));
    }
}
