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
    /// <exception cref="InvalidDataFileException">A file is missing, empty, not a whole number of records, or has a label above 9.</exception>
    public static ImageDataset Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0) throw new ArgumentException("at least one batch file is needed", nameof(paths));
        var pixels = new List<byte[]>();
        var labels = new List<long>();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) throw new InvalidDataFileException(path, "file not found");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
                throw new InvalidDataFileException(path, $"expected a multiple of {RecordSize} bytes (one label byte + 3072 pixel bytes per image), got {bytes.Length}");
            for (var offset = 0; offset < bytes.Length; offset += RecordSize)
            {
                var label = bytes[offset];
                if (label >= ClassNames.Count)
                    throw new InvalidDataFileException(path, $"label {label} in record {offset / RecordSize} is not a CIFAR-10 class (0–9)");
                labels.Add(label);
                pixels.Add(bytes.AsSpan(offset + 1, RecordSize - 1).ToArray());
            }
        }
        var all = new byte[(long)pixels.Count * (RecordSize - 1)];
        for (var i = 0; i < pixels.Count; i++) pixels[i].CopyTo(all, (long)i * (RecordSize - 1));
        return new ImageDataset(all, labels.ToArray(), 3, 32, 32, ClassNames);
    }
}
