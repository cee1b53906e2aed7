namespace FasterSharp.Data;

/// <summary>Labelled images held in memory as bytes, [count, channels, height, width], with labels in
/// [0, classes). Batches are made by <see cref="DataLoader"/>.</summary>
public sealed class ImageDataset
{
    /// <summary>Creates a dataset over <paramref name="pixels"/> (row-major N×C×H×W bytes).</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or a label is outside [0, classNames.Count).</exception>
    public ImageDataset(byte[] pixels, long[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be positive");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "must be positive");
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "must be positive");
        if (classNames.Count == 0) throw new ArgumentException("at least one class is needed", nameof(classNames));
        var size = (long)channels * height * width;
        if (pixels.LongLength != size * labels.LongLength)
            throw new ArgumentException($"{pixels.LongLength} pixel bytes do not hold {labels.LongLength} images of {channels}×{height}×{width}", nameof(pixels));
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classNames.Count)
                throw new ArgumentException($"label {labels[i]} at index {i} is outside [0, {classNames.Count})", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassNames = classNames;
    }

    /// <summary>The images, N×C×H×W bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>The label of each image.</summary>
    public long[] Labels { get; }

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>The class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Bytes per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The first <paramref name="count"/> images of a deterministic shuffle (by <paramref name="seed"/>),
    /// for quick runs on a subset.</summary>
    public ImageDataset Subset(int count, int seed = 0)
    {
        if (count <= 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"must be in [1, {Count}]");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var pixels = new byte[(long)count * ImageSize];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            Array.Copy(Pixels, (long)order[i] * ImageSize, pixels, (long)i * ImageSize, ImageSize);
            labels[i] = Labels[order[i]];
        }
        return new ImageDataset(pixels, labels, Channels, Height, Width, ClassNames);
    }

    /// <summary>Per-channel mean and standard deviation of the pixels scaled to [0, 1].</summary>
    public Normalization ComputeStatistics()
    {
        if (Count == 0) throw new InvalidOperationException("the dataset is empty");
        var mean = new double[Channels];
        var std = new double[Channels];
        var plane = Height * Width;
        for (var c = 0; c < Channels; c++)
        {
            double sum = 0, sumSq = 0;
            for (var i = 0; i < Count; i++)
            {
                var start = (long)i * ImageSize + (long)c * plane;
                for (var k = 0; k < plane; k++)
                {
                    var v = Pixels[start + k] / 255.0;
                    sum += v;
                    sumSq += v * v;
                }
            }
            var n = (double)Count * plane;
            mean[c] = sum / n;
            std[c] = Math.Sqrt(Math.Max(sumSq / n - mean[c] * mean[c], 0));
        }
        return new Normalization(mean, std);
    }
}
