using System.Text;
using FasterSharp.Data;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>Saves and loads a module's parameters and buffers in TorchSharp's state-dict format (the bytes of
/// <c>Module.save</c>), all or nothing.</summary>
/// <remarks>Official TorchSharp's <c>Module.load</c> copies each entry into the module as it reads the file, so a
/// truncated or mismatched file leaves the model half-loaded. <see cref="LoadInto"/> reads the whole file into new
/// tensors first and checks every name, dtype and shape against the module, and that nothing follows the last
/// entry; only then does it copy, under <c>no_grad</c>. <see cref="Save"/> writes a temporary file next to the
/// target and renames it, so a crash never leaves half a file.</remarks>
public static class StateDictFile
{
    /// <summary>Writes <paramref name="module"/>'s state dict to <paramref name="path"/> atomically (TorchSharp's
    /// format: <c>Module.load</c> reads it too). The folder is created if needed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty, white space or an existing directory.</exception>
    /// <exception cref="IOException">The file cannot be written; the previous file, if any, is unchanged.</exception>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        AtomicFile.CheckWritablePath(path, nameof(path));
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            module.save(writer);
        });
    }

    /// <summary>Loads a file written by <see cref="Save"/> or TorchSharp's <c>Module.save</c> into
    /// <paramref name="module"/>: the whole file is read and checked first; if anything is wrong the module is
    /// left exactly as it was.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataFileException">The file is truncated, malformed, has bytes after the last entry, or
    /// its names, dtypes or shapes do not match the module (the message names the file and the entry).</exception>
    public static void LoadInto(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = AtomicFile.OpenExisting(path, nameof(path));
        var loaded = Read(stream, stream.Length, module, path);
        try
        {
            if (stream.Position != stream.Length)
                throw new InvalidDataFileException(path, $"has {stream.Length - stream.Position} bytes after the last of its {loaded.Count} entries");
            CopyInto(module, loaded);
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    /// <summary>Reads one state dict from <paramref name="stream"/>, ending at or before <paramref name="end"/>, into
    /// new CPU tensors, checking it against <paramref name="module"/>'s state dict: the same names (each once), dtypes
    /// and shapes. The module is not touched.</summary>
    internal static Dictionary<string, Tensor> Read(Stream stream, long end, nn.Module module, string path)
    {
        var expected = module.state_dict();
        var loaded = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var reader = new StateDictReader(stream, end, path);
            var count = reader.ReadCount("the number of entries");
            if (count != expected.Count)
                throw new InvalidDataFileException(path, $"has {count} entries, the model has {expected.Count} parameters and buffers");
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadName(i);
                if (!expected.TryGetValue(name, out var target))
                    throw new InvalidDataFileException(path, $"entry {i} '{name}' is not a parameter or buffer of the model");
                if (loaded.ContainsKey(name)) throw new InvalidDataFileException(path, $"entry '{name}' appears twice");
                loaded[name] = reader.ReadTensor(name, target);
            }
            return loaded;
        }
        catch
        {
            foreach (var t in loaded.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Copies checked tensors (same names, dtypes and shapes as the module's) into the module.</summary>
    internal static void CopyInto(nn.Module module, Dictionary<string, Tensor> loaded)
    {
        using var noGrad = no_grad();
        var targets = module.state_dict();
        foreach (var (name, tensor) in loaded) targets[name].copy_(tensor);
    }

    /// <summary>Parses TorchSharp's state-dict encoding with bounds on every length, so a damaged file is an
    /// error naming the file and the entry instead of a huge allocation or a read past the end.</summary>
    private sealed class StateDictReader(Stream stream, long end, string path)
    {
        private const int MaxNameBytes = 1 << 16;

        public long ReadCount(string what)
        {
            long result = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 56) throw new InvalidDataFileException(path, $"{what} is not a valid number (damaged file)");
                var b = ReadByte(what);
                result |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
            }
        }

        public string ReadName(int index)
        {
            var what = $"the name of entry {index}";
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 28) throw new InvalidDataFileException(path, $"{what} has a damaged length");
                var b = ReadByte(what);
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            if (length is < 0 or > MaxNameBytes) throw new InvalidDataFileException(path, $"{what} is {length} bytes long (damaged file)");
            var bytes = new byte[length];
            ReadExactly(bytes, what);
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataFileException(path, $"{what} is not valid UTF-8 (damaged file)");
            }
        }

        public Tensor ReadTensor(string name, Tensor expected)
        {
            var dtype = ReadCount($"the dtype of '{name}'");
            if (dtype != (long)expected.dtype)
                throw new InvalidDataFileException(path, $"entry '{name}' has dtype {DescribeDtype(dtype)}, the model's is {expected.dtype}");
            var rank = ReadCount($"the rank of '{name}'");
            if (rank != expected.dim())
                throw new InvalidDataFileException(path, $"entry '{name}' has {rank} dimensions, the model's has {expected.dim()} ([{string.Join(", ", expected.shape)}])");
            var shape = new long[rank];
            for (var d = 0; d < rank; d++) shape[d] = ReadCount($"dimension {d} of '{name}'");
            if (!shape.SequenceEqual(expected.shape))
                throw new InvalidDataFileException(path, $"entry '{name}' has shape [{string.Join(", ", shape)}], the model's is [{string.Join(", ", expected.shape)}]");
            var bytes = expected.NumberOfElements * expected.ElementSize;
            if (end - stream.Position < bytes)
                throw new InvalidDataFileException(path, $"truncated: entry '{name}' needs {bytes} bytes of data, {Math.Max(0, end - stream.Position)} are left");
            var tensor = empty(shape, expected.dtype);
            try
            {
                tensor.ReadBytesFromStream(stream);
                return tensor;
            }
            catch (EndOfStreamException)
            {
                tensor.Dispose();
                throw new InvalidDataFileException(path, $"truncated inside entry '{name}'");
            }
        }

        private static string DescribeDtype(long code) =>
            code is >= 0 and <= sbyte.MaxValue && Enum.IsDefined((ScalarType)(sbyte)code) ? ((ScalarType)(sbyte)code).ToString() : $"code {code} (not a dtype)";

        private byte ReadByte(string what)
        {
            if (stream.Position >= end) throw new InvalidDataFileException(path, $"truncated: ends before {what}");
            var b = stream.ReadByte();
            if (b < 0) throw new InvalidDataFileException(path, $"truncated: ends before {what}");
            return (byte)b;
        }

        private void ReadExactly(byte[] buffer, string what)
        {
            if (end - stream.Position < buffer.Length || stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
                throw new InvalidDataFileException(path, $"truncated: ends inside {what}");
        }
    }
}
