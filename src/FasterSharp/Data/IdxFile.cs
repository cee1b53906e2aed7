using System.Buffers.Binary;
using System.IO.Compression;

namespace FasterSharp.Data;

/// <summary>Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), plain or gzipped.</summary>
public static class IdxFile
{
    /// <summary>The dimensions and the bytes of an IDX file of type ubyte.</summary>
    /// <param name="path">An IDX file; a name ending in .gz is decompressed.</param>
    /// <param name="expectedRank">The number of dimensions the caller needs (1 for labels, 3 for images), in [1, 4].</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedRank"/> is outside [1, 4].</exception>
    /// <exception cref="InvalidDataFileException">Missing file, wrong magic number, wrong rank, a dimension below 1,
    /// more data than a .NET array holds, truncated data or bytes after the data.</exception>
    public static (int[] Dimensions, byte[] Data) ReadBytes(string path, int expectedRank)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (expectedRank is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(expectedRank), expectedRank, "IDX data here has 1 to 4 dimensions");
        if (!File.Exists(path)) throw new InvalidDataFileException(path, Directory.Exists(path) ? "is a directory, not an IDX file" : "file not found");
        try
        {
            using var file = File.OpenRead(path);
            var gzipped = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
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
                if (d <= 0) throw new InvalidDataFileException(path, $"dimension {i} is {d}; dimensions must be at least 1");
                dims[i] = d;
                // Checked against the limit before multiplying, so the product never overflows.
                if (count > Array.MaxLength / d)
                    throw new InvalidDataFileException(path,
                        $"dimensions [{string.Join(", ", dims[..(i + 1)])}{(i + 1 < expectedRank ? ", …" : "")}] hold more than {Array.MaxLength:N0} bytes, the most one .NET array holds");
                count *= d;
            }
            var headerSize = 4 + 4L * expectedRank;
            if (!gzipped && file.Length != headerSize + count)
                throw new InvalidDataFileException(path, file.Length < headerSize + count
                    ? $"truncated: expected {count} bytes of data, got {file.Length - headerSize}"
                    : $"has {file.Length - headerSize - count} bytes after the {count} bytes of data");
            var data = ReadData(stream, (int)count, path);
            if (stream.ReadByte() >= 0) throw new InvalidDataFileException(path, $"has bytes after the {count} bytes of data");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, "not a valid gzip file: " + e.Message, e);
        }
        catch (IOException e) when (e is not InvalidDataFileException)
        {
            throw new InvalidDataFileException(path, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidDataFileException(path, e.Message, e);
        }
    }

    // A compressed file's header can claim up to 2 GB with a few bytes of data; the buffer grows with what
    // actually arrives instead of being allocated from the claim.
    private static byte[] ReadData(Stream stream, int count, string path)
    {
        const int chunk = 1 << 24;
        var data = new byte[Math.Min(count, chunk)];
        var read = 0;
        while (read < count)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            var n = stream.Read(data, read, data.Length - read);
            if (n == 0) throw new InvalidDataFileException(path, $"truncated: expected {count} bytes of data, got {read}");
            read += n;
        }
        return data;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InvalidDataFileException(path, $"truncated: ends before {what}");
    }
}
