namespace FasterSharp.Data;

/// <summary>Reads CIFAR-10's binary format: records of one label byte followed by 3,072 pixel bytes
/// (1,024 red, 1,024 green, 1,024 blue, 32×32 row-major).</summary>
public static class Cifar10
{
    private const int RecordSize = 1 + 3 * 32 * 32;

    /// <summary>The ten class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Loads and concatenates batch files (e.g. data_batch_1.bin … data_batch_5.bin).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">No path, or an empty or white-space path.</exception>
    /// <exception cref="InvalidDataFileException">A file is missing, empty, not a whole number of records, has a label
    /// above 9, or the files together hold more pixels than one .NET array.</exception>
    public static ImageDataset Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0) throw new ArgumentException("at least one batch file is needed", nameof(paths));
        for (var i = 0; i < paths.Length; i++)
        {
            if (paths[i] is null) throw new ArgumentNullException(nameof(paths), $"paths[{i}] is null");
            if (string.IsNullOrWhiteSpace(paths[i])) throw new ArgumentException($"paths[{i}] is empty or white space", nameof(paths));
        }
        // Sizes first, so a bad file is reported before anything large is read.
        long records = 0;
        var lengths = new long[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            if (!File.Exists(path)) throw new InvalidDataFileException(path, Directory.Exists(path) ? "is a directory, not a CIFAR-10 batch file" : "file not found");
            var length = lengths[i] = new FileInfo(path).Length;
            if (length == 0 || length % RecordSize != 0)
                throw new InvalidDataFileException(path, $"expected a multiple of {RecordSize} bytes (one label byte + 3072 pixel bytes per image), got {length}");
            records += length / RecordSize;
            if (records * (RecordSize - 1) > Array.MaxLength)
                throw new InvalidDataFileException(path, $"the files up to this one hold {records:N0} images, more pixels than one .NET array holds ({Array.MaxLength:N0} bytes)");
        }
        var pixels = new byte[records * (RecordSize - 1)];
        var labels = new long[records];
        long image = 0;
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != lengths[i]) throw new InvalidDataFileException(path, $"changed size while it was read ({lengths[i]} bytes, then {bytes.Length})");
            for (var offset = 0; offset < bytes.Length; offset += RecordSize, image++)
            {
                var label = bytes[offset];
                if (label >= ClassNames.Count)
                    throw new InvalidDataFileException(path, $"label {label} in record {offset / RecordSize} is not a CIFAR-10 class (0–9)");
                labels[image] = label;
                bytes.AsSpan(offset + 1, RecordSize - 1).CopyTo(pixels.AsSpan((int)(image * (RecordSize - 1)), RecordSize - 1));
            }
        }
        return new ImageDataset(ImageDataset.Own(pixels), ImageDataset.Own(labels), 3, 32, 32, [.. ClassNames]);
    }
}
