namespace FasterSharp.Data;

/// <summary>The training and validation loaders a <c>Learner</c> uses (fastai's DataLoaders).</summary>
public sealed class DataLoaders
{
    /// <summary>Pairs a training and a validation loader.</summary>
    /// <exception cref="ArgumentNullException">A null loader.</exception>
    /// <exception cref="ArgumentException">The two loaders' images differ in channels, height or width.</exception>
    public DataLoaders(DataLoader train, DataLoader valid)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        CheckSameImageShape(train.Dataset, valid.Dataset);
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
    /// training set's own statistics. As in fastai, the training loader drops its last incomplete batch by
    /// default (a last batch of one image would otherwise turn a BatchNorm's running variance into NaN); the
    /// validation loader keeps every image.</summary>
    /// <param name="train">Training images.</param>
    /// <param name="valid">Validation images (same channels, height and width).</param>
    /// <param name="batchSize">Samples per training batch, at least 1; with <paramref name="dropLast"/>, at most the
    /// number of training images.</param>
    /// <param name="seed">Seeds shuffling and augmentation.</param>
    /// <param name="normalization">Statistics, or null to compute them from <paramref name="train"/>.</param>
    /// <param name="augmentations">Applied to training images only.</param>
    /// <param name="dropLast">Drop the incomplete last training batch (default true, as fastai).</param>
    /// <param name="validBatchSize">Validation batch size, at least 1; default twice <paramref name="batchSize"/>
    /// (capped at <see cref="int.MaxValue"/>).</param>
    /// <exception cref="ArgumentNullException">A null dataset.</exception>
    /// <exception cref="ArgumentException">Image shapes differ; a batch size below 1; no full training batch with
    /// <paramref name="dropLast"/>; constant training images with no <paramref name="normalization"/>; or as
    /// <see cref="DataLoader"/>'s constructor.</exception>
    public static DataLoaders FromDatasets(ImageDataset train, ImageDataset valid, int batchSize = 64, int seed = 42,
        Normalization? normalization = null, IReadOnlyList<IImageAugmentation>? augmentations = null, bool dropLast = true,
        int? validBatchSize = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        CheckSameImageShape(train, valid);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
        if (validBatchSize is < 1) throw new ArgumentOutOfRangeException(nameof(validBatchSize), validBatchSize, "must be at least 1 (or null for twice batchSize)");
        if (dropLast && train.Count < batchSize)
            throw new ArgumentException(
                $"batch size {batchSize} is larger than the {train.Count} training images, and the training loader drops its last incomplete batch " +
                $"(dropLast: true), so no batch would be left; use a batch size of at most {train.Count}, or dropLast: false", nameof(batchSize));
        if (normalization is null)
        {
            try
            {
                normalization = train.ComputeStatistics();
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException($"cannot normalize the training images by their own statistics: {e.Message}", nameof(normalization), e);
            }
        }
        return new DataLoaders(
            new DataLoader(train, batchSize, shuffle: true, dropLast: dropLast, normalization, augmentations, seed),
            new DataLoader(valid, validBatchSize ?? (int)Math.Min(2L * batchSize, int.MaxValue), shuffle: false, dropLast: false, normalization, null, seed + 1));
    }

    /// <summary>Fashion-MNIST loaders: training split for training, test split for validation,
    /// normalized with <see cref="Normalization.FashionMnist"/>; the training loader drops its last incomplete batch.</summary>
    /// <param name="batchSize">Samples per training batch.</param>
    /// <param name="trainSubset">Use only this many training images (a deterministic subset), for quick runs; in [1, 60000].</param>
    /// <param name="validSubset">Use only this many test images; in [1, 10000].</param>
    /// <param name="seed">Seeds subsets, shuffling and augmentation.</param>
    /// <param name="augment">Random crop (padding 2) and horizontal flip on training images.</param>
    /// <param name="folder">Folder with the IDX files; default Debian's (or FASTERSHARP_DATA).</param>
    /// <exception cref="ArgumentOutOfRangeException">A subset size outside its range, or a bad batch size.</exception>
    /// <exception cref="InvalidDataFileException">A file is missing or malformed.</exception>
    public static DataLoaders FashionMnist(int batchSize = 128, int? trainSubset = null, int? validSubset = null, int seed = 42,
        bool augment = false, string? folder = null)
    {
        if (trainSubset is < 1) throw new ArgumentOutOfRangeException(nameof(trainSubset), trainSubset, "must be at least 1 (or null for all training images)");
        if (validSubset is < 1) throw new ArgumentOutOfRangeException(nameof(validSubset), validSubset, "must be at least 1 (or null for all test images)");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
        var train = Data.FashionMnist.Load(train: true, folder);
        var valid = Data.FashionMnist.Load(train: false, folder);
        train = Subset(train, trainSubset, seed, nameof(trainSubset));
        valid = Subset(valid, validSubset, seed, nameof(validSubset));
        IReadOnlyList<IImageAugmentation>? augmentations = augment ? [new RandomCrop(2), new HorizontalFlip()] : null;
        return FromDatasets(train, valid, batchSize, seed, Normalization.FashionMnist, augmentations);
    }

    private static ImageDataset Subset(ImageDataset dataset, int? count, int seed, string parameterName)
    {
        if (count is not int n) return dataset;
        if (n > dataset.Count) throw new ArgumentOutOfRangeException(parameterName, n, $"must be at most {dataset.Count} (the images there are)");
        return dataset.Subset(n, seed);
    }

    private static void CheckSameImageShape(ImageDataset train, ImageDataset valid)
    {
        if (train.Channels != valid.Channels || train.Height != valid.Height || train.Width != valid.Width)
            throw new ArgumentException(
                $"validation images are {valid.Channels}×{valid.Height}×{valid.Width}, training images {train.Channels}×{train.Height}×{train.Width}; they must match", nameof(valid));
    }
}
