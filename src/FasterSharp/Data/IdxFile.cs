using System.Buffers.Binary;
using System.IO.Compression;

namespace FasterSharp.Data;

/// <summary>Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), plain or gzipped.</summary>
public static class IdxFile
{
    /// <summary>The dimensions and the bytes of an IDX file of type ubyte.</summary>
    /// <param name="path">An IDX file; a name ending in .gz is decompressed.</param>
    /// <param name="expectedRank">The number of dimensions the caller needs (1 for labels, 3 for images).</param>
    /// <exception cref="InvalidDataFileException">Missing file, wrong magic number, wrong rank, truncated data.</exception>
    public static (int[] Dimensions, byte[] Data) ReadBytes(string path, int expectedRank)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (expectedRank is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(expectedRank), expectedRank, "IDX data here has 1 to 4 dimensions");
        if (!File.Exists(path)) throw new InvalidDataFileException(path, "file not found");
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress) : file;
            Span<byte> header = stackalloc byte[4];
            ReadExactly(stream, header, path, "the 4-byte magic number");
            if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
                throw new InvalidDataFileException(path,
                    $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(header):X8}; expected 0x0000080{expectedRank} (unsigned bytes, rank {expectedRank})");
            if (header[3] != expectedRank)
                throw new InvalidDataFileException(path, $"has {header[3]} dimensions, expected {expectedRank}");
            var dims = new int[expectedRank];
            long count = 1;
            for (var i = 0; i < expectedRank; i++)
            {
                ReadExactly(stream, header, path, $"dimension {i}");
                var d = BinaryPrimitives.ReadInt32BigEndian(header);
                if (d <= 0) throw new InvalidDataFileException(path, $"dimension {i} is {d}");
                dims[i] = d;
                count *= d;
            }
            if (count > Array.MaxLength) throw new InvalidDataFileException(path, $"{count} elements is too many");
            var data = new byte[count];
            var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (read < data.Length)
                throw new InvalidDataFileException(path, $"truncated: expected {count} bytes of data, got {read}");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, "not a valid gzip file: " + e.Message, e);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InvalidDataFileException(path, $"truncated: ends before {what}");
    }
}
