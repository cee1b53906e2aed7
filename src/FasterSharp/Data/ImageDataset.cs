using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FasterSharp.Data;

/// <summary>Labelled images held in memory as bytes, [count, channels, height, width], with labels in
/// [0, classes). Immutable: the constructor copies what it is given, so a caller changing its arrays later
/// cannot put a label out of range. Batches are made by <see cref="DataLoader"/>.</summary>
public sealed class ImageDataset
{
    private readonly ImmutableArray<string> _classNames;

    /// <summary>Creates a dataset from a copy of <paramref name="pixels"/> (row-major N×C×H×W bytes),
    /// <paramref name="labels"/> and <paramref name="classNames"/>.</summary>
    /// <param name="pixels">N×C×H×W bytes, image after image.</param>
    /// <param name="labels">One label per image, each in [0, classNames.Count).</param>
    /// <param name="channels">Channels per image, at least 1.</param>
    /// <param name="height">Image height in pixels, at least 1.</param>
    /// <param name="width">Image width in pixels, at least 1.</param>
    /// <param name="classNames">The class names, indexed by label; at least one, none null.</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension below 1, or one image larger than a .NET array holds.</exception>
    /// <exception cref="ArgumentException">Sizes disagree, no class or a null class name, or a label outside [0, classNames.Count).</exception>
    public ImageDataset(byte[] pixels, long[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
        : this(CopyOf(pixels, nameof(pixels)), CopyOf(labels, nameof(labels)), channels, height, width, CopyOf(classNames))
    {
    }

    // Takes ownership of the arrays (the readers and Subset build them fresh), so large datasets are not copied twice.
    internal ImageDataset(ImmutableArray<byte> pixels, ImmutableArray<long> labels, int channels, int height, int width, ImmutableArray<string> classNames)
    {
        CheckDimension(channels, nameof(channels));
        CheckDimension(height, nameof(height));
        CheckDimension(width, nameof(width));
        var size = (long)channels * height * width;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), width,
                $"one {channels}×{height}×{width} image is {size:N0} bytes; at most {Array.MaxLength:N0} bytes per image are supported");
        if (classNames.Length == 0) throw new ArgumentException("at least one class name is needed", nameof(classNames));
        for (var i = 0; i < classNames.Length; i++)
            if (classNames[i] is null) throw new ArgumentException($"class name {i} is null", nameof(classNames));
        if (pixels.Length != size * labels.Length)
            throw new ArgumentException($"{pixels.Length:N0} pixel bytes do not hold {labels.Length:N0} images of {channels}×{height}×{width} ({size:N0} bytes each)", nameof(pixels));
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classNames.Length)
                throw new ArgumentException($"label {labels[i]} at index {i} is outside [0, {classNames.Length})", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        _classNames = classNames;
        ClassNames = classNames;
    }

    /// <summary>The images, N×C×H×W bytes (read-only).</summary>
    public ImmutableArray<byte> Pixels { get; }

    /// <summary>The label of each image (read-only).</summary>
    public ImmutableArray<long> Labels { get; }

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

    /// <summary>Bytes per image (C×H×W; the constructor checks that it fits an <see cref="int"/>).</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The first <paramref name="count"/> images of a deterministic shuffle (by <paramref name="seed"/>),
    /// for quick runs on a subset.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside [1, <see cref="Count"/>].</exception>
    public ImageDataset Subset(int count, int seed = 0)
    {
        if (count <= 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"must be in [1, {Count}] (the dataset has {Count} images)");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var imageSize = ImageSize;
        var pixels = new byte[(long)count * imageSize];
        var labels = new long[count];
        var source = Pixels.AsSpan();
        for (var i = 0; i < count; i++)
        {
            source.Slice(checked(order[i] * imageSize), imageSize).CopyTo(pixels.AsSpan(i * imageSize, imageSize));
            labels[i] = Labels[order[i]];
        }
        return new ImageDataset(Own(pixels), Own(labels), Channels, Height, Width, _classNames);
    }

    /// <summary>Per-channel mean and standard deviation of the pixels scaled to [0, 1] (population statistics,
    /// summed exactly in integers, so a constant channel has a standard deviation of exactly 0).</summary>
    /// <exception cref="InvalidOperationException">The dataset is empty, or a channel is constant (its standard
    /// deviation is 0, so it cannot normalize).</exception>
    public Normalization ComputeStatistics()
    {
        if (Count == 0) throw new InvalidOperationException("the dataset is empty; statistics need at least one image");
        var mean = new double[Channels];
        var std = new double[Channels];
        var plane = Height * Width;
        var pixels = Pixels.AsSpan();
        for (var c = 0; c < Channels; c++)
        {
            long sum = 0, sumSq = 0;
            for (var i = 0; i < Count; i++)
                foreach (var b in pixels.Slice(i * ImageSize + c * plane, plane))
                {
                    sum += b;
                    sumSq += b * b;
                }
            Int128 n = (long)Count * plane;
            // n²·variance = n·Σx² − (Σx)², exact in 128-bit integers.
            var scaledVariance = n * sumSq - (Int128)sum * sum;
            if (scaledVariance == 0)
                throw new InvalidOperationException(
                    $"channel {c} of the {Count} images is constant (every pixel is {pixels[c * plane]}/255), so its standard deviation is 0 and cannot normalize; pass a Normalization explicitly");
            mean[c] = sum / (double)n / 255.0;
            std[c] = Math.Sqrt((double)scaledVariance) / (double)n / 255.0;
        }
        return new Normalization(mean, std);
    }

    internal static ImmutableArray<T> Own<T>(T[] array) => ImmutableCollectionsMarshal.AsImmutableArray(array);

    private static ImmutableArray<T> CopyOf<T>(T[] array, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(array, parameterName);
        return [.. array];
    }

    private static ImmutableArray<string> CopyOf(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return [.. classNames];
    }

    private static void CheckDimension(int value, string parameterName)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(parameterName, value, "must be at least 1");
    }
}
