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
    /// <summary>Creates the augmentation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative.</exception>
    public RandomCrop(int padding = 4)
    {
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "must be 0 or more");
        Padding = padding;
    }

    /// <summary>Zero padding on each side, in pixels.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random)
    {
        var dy = random.Next(2 * Padding + 1) - Padding;
        var dx = random.Next(2 * Padding + 1) - Padding;
        destination.Clear();
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
            {
                var sy = y + dy;
                if (sy < 0 || sy >= height) continue;
                for (var x = 0; x < width; x++)
                {
                    var sx = x + dx;
                    if (sx >= 0 && sx < width) destination[(c * height + y) * width + x] = source[(c * height + sy) * width + sx];
                }
            }
    }
}

/// <summary>Mirrors the image left–right with probability <see cref="Probability"/>.</summary>
public sealed class HorizontalFlip : IImageAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public HorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in [0, 1]");
        Probability = probability;
    }

    /// <summary>The chance of a flip.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, Random random)
    {
        if (random.NextDouble() >= Probability)
        {
            source.CopyTo(destination);
            return;
        }
        for (var row = 0; row < channels * height; row++)
            for (var x = 0; x < width; x++)
                destination[row * width + x] = source[row * width + width - 1 - x];
    }
}
