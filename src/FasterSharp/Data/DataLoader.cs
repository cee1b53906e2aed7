using static TorchSharp.torch;

namespace FasterSharp.Data;

/// <summary>One batch: normalized float32 images [N, C, H, W] and int64 labels [N]. Disposing it frees both.</summary>
/// <param name="Input">The images [N, C, H, W].</param>
/// <param name="Target">The labels [N].</param>
public sealed record Batch(Tensor Input, Tensor Target) : IDisposable
{
    /// <summary>The images [N, C, H, W].</summary>
    public Tensor Input { get; init; } = Input ?? throw new ArgumentNullException(nameof(Input));

    /// <summary>The labels [N].</summary>
    public Tensor Target { get; init; } = Target ?? throw new ArgumentNullException(nameof(Target));

    /// <summary>The number of samples.</summary>
    public long Size => Target.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}

/// <summary>Makes batches from an <see cref="ImageDataset"/>: an optional shuffle per epoch from a seed,
/// optional augmentation, normalization. Each enumeration is one epoch; batches are created lazily (inside
/// whatever dispose scope is current when the enumerator moves).</summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly Random _random;
    private readonly float[][] _lookup;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The images.</param>
    /// <param name="batchSize">Samples per batch, at least 1 (a batch larger than the dataset is the whole dataset).</param>
    /// <param name="shuffle">Draw a new order every epoch.</param>
    /// <param name="dropLast">Drop the last, incomplete batch.</param>
    /// <param name="normalization">Per-channel statistics; null scales pixels to [0, 1] only.</param>
    /// <param name="augmentations">Applied in order to each image; usually only for training. The list is copied.</param>
    /// <param name="seed">Seeds the shuffle and the augmentations, so runs repeat exactly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is null.</exception>
    /// <exception cref="ArgumentException">Empty dataset; batch size below 1; dropLast leaving no batch; statistics for
    /// the wrong number of channels; a null augmentation.</exception>
    public DataLoader(ImageDataset dataset, int batchSize, bool shuffle = false, bool dropLast = false,
        Normalization? normalization = null, IReadOnlyList<IImageAugmentation>? augmentations = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count == 0) throw new ArgumentException("the dataset is empty", nameof(dataset));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
        if (dropLast && dataset.Count < batchSize)
            throw new ArgumentException(
                $"dropLast with {dataset.Count} samples and batch size {batchSize} leaves no batch; use a batch size of at most {dataset.Count} or dropLast: false",
                nameof(dropLast));
        if (normalization is not null && normalization.Mean.Length != dataset.Channels)
            throw new ArgumentException($"normalization has {normalization.Mean.Length} channels, the images {dataset.Channels}", nameof(normalization));
        var copied = augmentations?.ToArray() ?? [];
        for (var i = 0; i < copied.Length; i++)
            if (copied[i] is null) throw new ArgumentException($"augmentation {i} is null", nameof(augmentations));
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Normalization = normalization;
        Augmentations = copied;
        _random = new Random(seed);
        _lookup = new float[dataset.Channels][];
        for (var c = 0; c < dataset.Channels; c++)
        {
            var mean = normalization?.Mean[c] ?? 0;
            var std = normalization?.Std[c] ?? 1;
            _lookup[c] = Enumerable.Range(0, 256).Select(v => (float)((v / 255.0 - mean) / std)).ToArray();
        }
    }

    /// <summary>The images.</summary>
    public ImageDataset Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch draws a new order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the last incomplete batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The statistics batches are normalized with, or null.</summary>
    public Normalization? Normalization { get; }

    /// <summary>The augmentations applied to each image.</summary>
    public IReadOnlyList<IImageAugmentation> Augmentations { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count => (int)(DropLast ? Dataset.Count / BatchSize : ((long)Dataset.Count + BatchSize - 1) / BatchSize);

    /// <summary>Samples per epoch (after dropping the last batch, if asked).</summary>
    public int SampleCount => DropLast ? Count * BatchSize : Dataset.Count;

    /// <summary>The size of the smallest batch of an epoch: the last one, unless it is dropped.</summary>
    public int SmallestBatchSize => DropLast || Dataset.Count % BatchSize == 0 ? Math.Min(BatchSize, Dataset.Count) : Dataset.Count % BatchSize;

    /// <summary>Enumerates one epoch of batches.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (Shuffle) _random.Shuffle(order);
        for (var b = 0; b < Count; b++)
        {
            var start = (long)b * BatchSize;
            var size = (int)Math.Min(BatchSize, Dataset.Count - start);
            yield return MakeBatch(order.AsSpan((int)start, size));
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Makes one batch from the given sample indices (augmented and normalized as the loader's batches).</summary>
    /// <exception cref="ArgumentException">No index, or an index outside [0, Dataset.Count); checked before anything
    /// is drawn from the loader's random stream.</exception>
    public Batch MakeBatch(ReadOnlySpan<int> indices)
    {
        var d = Dataset;
        if (indices.Length == 0) throw new ArgumentException("a batch needs at least one index", nameof(indices));
        if ((long)indices.Length * d.ImageSize > Array.MaxLength)
            throw new ArgumentException($"{indices.Length:N0} images of {d.ImageSize:N0} values are more than one .NET array holds", nameof(indices));
        for (var i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)d.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"index {i} of the batch must be in [0, {d.Count})");
        var imageSize = d.ImageSize;
        var plane = d.Height * d.Width;
        var input = new float[indices.Length * imageSize];
        var target = new long[indices.Length];
        var augmented = new byte[imageSize];
        var scratch = new byte[imageSize];
        var pixels = d.Pixels.AsSpan();
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            var image = pixels.Slice(index * imageSize, imageSize);
            foreach (var augmentation in Augmentations)
            {
                augmentation.Apply(image, scratch, d.Channels, d.Height, d.Width, _random);
                scratch.CopyTo(augmented, 0);
                image = augmented;
            }
            var output = input.AsSpan(i * imageSize, imageSize);
            for (var c = 0; c < d.Channels; c++)
            {
                var lookup = _lookup[c];
                for (var k = 0; k < plane; k++) output[c * plane + k] = lookup[image[c * plane + k]];
            }
            target[i] = d.Labels[index];
        }
        return new Batch(
            tensor(input, new long[] { indices.Length, d.Channels, d.Height, d.Width }),
            tensor(target, new long[] { indices.Length }));
    }
}
