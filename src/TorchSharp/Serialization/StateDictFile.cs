using System.Text;
using TorchSharp.Native;
using static TorchSharp.torch;

namespace TorchSharp.Serialization;

/// <summary>One named tensor read from a state-dictionary file: its element type, shape and raw
/// little-endian bytes (row-major).</summary>
internal sealed record StateDictEntry(string Key, ScalarType DType, long[] Shape, byte[] Data)
{
    /// <summary>A new CPU tensor holding a copy of the entry.</summary>
    internal Tensor ToTensor()
    {
        var t = torch.empty(Shape, DType);
        StateDictFile.CopyInto(this, t);
        return t;
    }
}

/// <summary>Reads and writes TorchSharp's state-dictionary format: a LEB128 entry count, then per entry
/// the key (as <see cref="BinaryWriter.Write(string)"/> writes it: LEB128 byte length + UTF-8), the element
/// type (LEB128 c10::ScalarType number), the rank (LEB128), each dimension (LEB128) and the raw
/// little-endian element bytes. PyTorch's exporter script writes the same format.</summary>
internal static class StateDictFile
{
    private const int MaxRank = 64;
    private const int MaxKeyBytes = 1 << 20;

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically: into a temporary
    /// file in the same folder, flushed to disk, then moved over the target.</summary>
    internal static void Save(string path, IReadOnlyCollection<KeyValuePair<string, Tensor>> entries)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder", nameof(path));
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream, entries);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="entries"/> to <paramref name="stream"/>, leaving it open.</summary>
    internal static void Write(Stream stream, IReadOnlyCollection<KeyValuePair<string, Tensor>> entries)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteLeb128(writer, entries.Count);
        foreach (var (key, tensor) in entries)
        {
            ArgumentNullException.ThrowIfNull(tensor, key);
            writer.Write(key);
            WriteLeb128(writer, (long)tensor.dtype);
            var shape = tensor.shape;
            WriteLeb128(writer, shape.Length);
            foreach (var d in shape) WriteLeb128(writer, d);
            writer.Write(ReadBytes(tensor));
        }
        writer.Flush();
    }

    /// <summary>Reads and checks the whole file: every entry complete, known element types, no duplicate
    /// keys, nothing after the last entry.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or not in the format; the message names the file.</exception>
    internal static List<StateDictEntry> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, path, requireEnd: true);
    }

    /// <summary>Reads the entries from <paramref name="stream"/>; <paramref name="source"/> names it in
    /// messages; with <paramref name="requireEnd"/>, bytes after the last entry are an error.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt or not in the format.</exception>
    internal static List<StateDictEntry> Read(Stream stream, string source, bool requireEnd)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var entries = new List<StateDictEntry>();
        var keys = new HashSet<string>();
        long count = 0;
        try
        {
            count = ReadLeb128(reader);
            for (long i = 0; i < count; i++)
            {
                var key = ReadKey(reader, source, i);
                if (!keys.Add(key)) throw new InvalidDataException($"'{source}': entry {i} repeats key '{key}'");
                var code = ReadLeb128(reader);
                if (code > sbyte.MaxValue || !Enum.IsDefined(typeof(ScalarType), (sbyte)code))
                    throw new InvalidDataException($"'{source}': entry '{key}' has unknown element type code {code}");
                var dtype = (ScalarType)(sbyte)code;
                var rank = ReadLeb128(reader);
                if (rank > MaxRank) throw new InvalidDataException($"'{source}': entry '{key}' claims {rank} dimensions");
                var shape = new long[rank];
                long numel = 1;
                for (var d = 0; d < rank; d++)
                {
                    shape[d] = ReadLeb128(reader);
                    numel = checked(numel * shape[d]);
                }
                var bytes = checked(numel * ElementSize(dtype));
                if (stream.CanSeek && bytes > stream.Length - stream.Position)
                    throw new InvalidDataException($"'{source}' is truncated: entry '{key}' [{string.Join(", ", shape)}] {dtype} needs {bytes} bytes, " +
                        $"{stream.Length - stream.Position} remain");
                if (bytes > Array.MaxLength) throw new InvalidDataException($"'{source}': entry '{key}' is larger than 2 GB");
                var data = reader.ReadBytes((int)bytes);
                if (data.Length != bytes)
                    throw new InvalidDataException($"'{source}' is truncated: entry '{key}' needs {bytes} bytes, {data.Length} remain");
                entries.Add(new StateDictEntry(key, dtype, shape, data));
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{source}' is truncated: it ends inside entry {entries.Count} of {count}");
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"'{source}' is corrupt: entry {entries.Count} has an impossible size");
        }
        if (requireEnd && stream.CanSeek && stream.Position != stream.Length)
            throw new InvalidDataException($"'{source}' has {stream.Length - stream.Position} unexpected bytes after its {count} entries");
        return entries;
    }

    /// <summary>Reads the file into new CPU tensors by key (in file order).</summary>
    internal static Dictionary<string, Tensor> Load(string path) =>
        Read(path).ToDictionary(e => e.Key, e => e.ToTensor());

    /// <summary>Overwrites <paramref name="target"/>'s elements with the entry's bytes (no autograd);
    /// the caller has checked type and shape.</summary>
    internal static unsafe void CopyInto(StateDictEntry entry, Tensor target)
    {
        fixed (byte* p = entry.Data)
            NativeError.Check(NativeMethods.ts_tensor_write(target.Handle, p, entry.Data.LongLength));
    }

    /// <summary>The tensor's elements as raw row-major bytes.</summary>
    internal static unsafe byte[] ReadBytes(Tensor tensor)
    {
        var bytes = checked(tensor.numel() * tensor.ElementSize);
        if (bytes > Array.MaxLength) throw new ArgumentException("tensors larger than 2 GB cannot be saved", nameof(tensor));
        var data = new byte[bytes];
        fixed (byte* p = data) NativeError.Check(NativeMethods.ts_tensor_read(tensor.Handle, p, bytes));
        return data;
    }

    private static string ReadKey(BinaryReader reader, string source, long index)
    {
        var length = ReadLeb128(reader);
        if (length > MaxKeyBytes) throw new InvalidDataException($"'{source}': entry {index} has a key of {length} bytes; not a weights file?");
        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != length) throw new EndOfStreamException();
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new InvalidDataException($"'{source}': entry {index} has a key that is not UTF-8"); }
    }

    /// <summary>Writes a non-negative number as unsigned LEB128 (7 bits a byte, low first).</summary>
    internal static void WriteLeb128(BinaryWriter writer, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "LEB128 values are not negative");
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    /// <summary>Reads an unsigned LEB128 number of at most 63 bits.</summary>
    /// <exception cref="InvalidDataException">The number does not fit in 63 bits.</exception>
    internal static long ReadLeb128(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 56) throw new InvalidDataException("a LEB128 number is longer than 9 bytes");
            long b = reader.ReadByte();
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) != 0) continue;
            if (result < 0) throw new InvalidDataException("a LEB128 number does not fit in 63 bits");
            return result;
        }
    }
}
