namespace FasterSharp.Data;

/// <summary>Fashion-MNIST (60,000 training and 10,000 test images, 28×28 grey), read from the IDX files that
/// Debian's <c>dataset-fashion-mnist</c> installs. Nothing is downloaded.</summary>
public static class FashionMnist
{
    /// <summary>Where Debian installs the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable that names another folder holding the four IDX files.</summary>
    public const string FolderVariable = "FASTERSHARP_DATA";

    /// <summary>The ten class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The folder used when none is given: <see cref="FolderVariable"/> if set, else <see cref="DefaultFolder"/>.</summary>
    public static string ResolveFolder(string? folder = null)
    {
        if (!string.IsNullOrEmpty(folder)) return folder;
        var fromEnvironment = Environment.GetEnvironmentVariable(FolderVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? DefaultFolder : fromEnvironment;
    }

    /// <summary>Loads the training or the test split.</summary>
    /// <param name="train">True for the 60,000 training images, false for the 10,000 test images.</param>
    /// <param name="folder">A folder with the IDX files (.gz or plain); default <see cref="ResolveFolder"/>.</param>
    /// <exception cref="InvalidDataFileException">A file is missing or malformed, or images and labels disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The images file describes images larger than a .NET array holds.</exception>
    public static ImageDataset Load(bool train, string? folder = null)
    {
        var dir = ResolveFolder(folder);
        var prefix = train ? "train" : "t10k";
        var imagesPath = Find(dir, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(dir, $"{prefix}-labels-idx1-ubyte");
        var (imageDims, pixels) = IdxFile.ReadBytes(imagesPath, 3);
        var (labelDims, labelBytes) = IdxFile.ReadBytes(labelsPath, 1);
        if (imageDims[0] != labelDims[0])
            throw new InvalidDataFileException(labelsPath, $"has {labelDims[0]} labels but {imagesPath} has {imageDims[0]} images");
        var labels = new long[labelBytes.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labelBytes[i] >= ClassNames.Count)
                throw new InvalidDataFileException(labelsPath, $"label {labelBytes[i]} at index {i} is not a Fashion-MNIST class (0–9)");
            labels[i] = labelBytes[i];
        }
        return new ImageDataset(ImageDataset.Own(pixels), ImageDataset.Own(labels), 1, imageDims[1], imageDims[2], [.. ClassNames]);
    }

    private static string Find(string folder, string name)
    {
        var gz = Path.Combine(folder, name + ".gz");
        var plain = Path.Combine(folder, name);
        return File.Exists(gz) || !File.Exists(plain) ? gz : plain;
    }
}
