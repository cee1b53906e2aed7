namespace FasterSharp.Data;

/// <summary>The training and validation loaders a <c>Learner</c> uses (fastai's DataLoaders).</summary>
public sealed class DataLoaders
{
    /// <summary>Pairs a training and a validation loader.</summary>
    public DataLoaders(DataLoader train, DataLoader valid)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        Train = train;
        Valid = valid;
    }

    /// <summary>The training loader (shuffled, augmented).</summary>
    public DataLoader Train { get; }

    /// <summary>The validation loader (in order, not augmented).</summary>
    public DataLoader Valid { get; }

    /// <summary>The class names.</summary>
    public IReadOnlyList<string> ClassNames => Train.Dataset.ClassNames;

    /// <summary>Loaders over two datasets: the training one shuffled (and augmented if asked), the
    /// validation one in order; both normalized with <paramref name="normalization"/>, by default the
    /// training set's own statistics.</summary>
    /// <param name="train">Training images.</param>
    /// <param name="valid">Validation images.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seeds shuffling and augmentation.</param>
    /// <param name="normalization">Statistics, or null to compute them from <paramref name="train"/>.</param>
    /// <param name="augmentations">Applied to training images only.</param>
    /// <param name="dropLast">Drop the incomplete last training batch.</param>
    /// <param name="validBatchSize">Validation batch size; default twice <paramref name="batchSize"/>.</param>
    public static DataLoaders FromDatasets(ImageDataset train, ImageDataset valid, int batchSize = 64, int seed = 42,
        Normalization? normalization = null, IReadOnlyList<IImageAugmentation>? augmentations = null, bool dropLast = false,
        int? validBatchSize = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        if (train.Channels != valid.Channels || train.Height != valid.Height || train.Width != valid.Width)
            throw new ArgumentException($"validation images are {valid.Channels}×{valid.Height}×{valid.Width}, training images {train.Channels}×{train.Height}×{train.Width}", nameof(valid));
        normalization ??= train.ComputeStatistics();
        return new DataLoaders(
            new DataLoader(train, batchSize, shuffle: true, dropLast: dropLast, normalization, augmentations, seed),
            new DataLoader(valid, validBatchSize ?? batchSize * 2, shuffle: false, dropLast: false, normalization, null, seed + 1));
    }

    /// <summary>Fashion-MNIST loaders: training split for training, test split for validation,
    /// normalized with <see cref="Normalization.FashionMnist"/>.</summary>
    /// <param name="batchSize">Samples per training batch.</param>
    /// <param name="trainSubset">Use only this many training images (a deterministic subset), for quick runs.</param>
    /// <param name="validSubset">Use only this many test images.</param>
    /// <param name="seed">Seeds subsets, shuffling and augmentation.</param>
    /// <param name="augment">Random crop (padding 2) and horizontal flip on training images.</param>
    /// <param name="folder">Folder with the IDX files; default Debian's (or FASTERSHARP_DATA).</param>
    public static DataLoaders FashionMnist(int batchSize = 128, int? trainSubset = null, int? validSubset = null, int seed = 42,
        bool augment = false, string? folder = null)
    {
        var train = Data.FashionMnist.Load(train: true, folder);
        var valid = Data.FashionMnist.Load(train: false, folder);
        if (trainSubset is int t) train = train.Subset(t, seed);
        if (validSubset is int v) valid = valid.Subset(v, seed);
        IReadOnlyList<IImageAugmentation>? augmentations = augment ? [new RandomCrop(2), new HorizontalFlip()] : null;
        return FromDatasets(train, valid, batchSize, seed, Normalization.FashionMnist, augmentations);
    }
}
