using TorchSharp;
using System.Text;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Reference;

/// <summary>Reads and writes TorchSharp's named-tensor format (the format of <c>Module.save</c>), as written
/// by tests/reference/tsformat.py: LEB128 count; per entry a length-prefixed UTF-8 key, LEB128 dtype
/// (c10 ScalarType), rank and dims, then the raw little-endian elements in row-major order.</summary>
internal static class ReferenceFile
{
    /// <summary>Loads every tensor of the file at <paramref name="path"/>; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, has trailing bytes or an unknown dtype.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new Dictionary<string, Tensor>(ReadEntries(stream, path));
    }

    /// <summary>Reads all entries of a whole stream, in file order.</summary>
    public static List<KeyValuePair<string, Tensor>> ReadEntries(Stream stream, string sourceName)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the format is little-endian");
        var entries = new List<KeyValuePair<string, Tensor>>();
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var count = reader.Read7BitEncodedInt64();
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var code = reader.Read7BitEncodedInt64();
                if (code < 0 || code > sbyte.MaxValue || !Enum.IsDefined(typeof(ScalarType), (sbyte)code))
                    throw new InvalidDataException($"{sourceName}: entry '{name}' has unknown dtype code {code}");
                var dtype = (ScalarType)code;
                var rank = reader.Read7BitEncodedInt64();
                if (rank is < 0 or > 64) throw new InvalidDataException($"{sourceName}: entry '{name}' has rank {rank}");
                var shape = new long[rank];
                long numel = 1;
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.Read7BitEncodedInt64();
                    if (shape[d] < 0) throw new InvalidDataException($"{sourceName}: entry '{name}' has dimension {shape[d]}");
                    numel = checked(numel * shape[d]);
                }
                var bytes = reader.ReadBytes(checked((int)(numel * ElementSize(dtype))));
                if (bytes.Length != numel * ElementSize(dtype))
                    throw new EndOfStreamException($"entry '{name}' needs {numel * ElementSize(dtype)} bytes, {bytes.Length} left");
                entries.Add(new(name, FromBytes(bytes, shape, dtype)));
            }
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"{sourceName}: {stream.Length - stream.Position} unexpected bytes after the last entry");
            return entries;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or OverflowException)
        {
            foreach (var entry in entries) entry.Value.Dispose();
            throw new InvalidDataException($"{sourceName}: truncated or malformed file ({e.Message})", e);
        }
        catch
        {
            foreach (var entry in entries) entry.Value.Dispose();
            throw;
        }
    }

    /// <summary>Writes the entries, in the given order, to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp)) Write(stream, tensors);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the entries, in the given order, to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var list = tensors.ToList();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write7BitEncodedInt64(list.Count);
        foreach (var (name, tensor) in list)
        {
            writer.Write(name);
            writer.Write7BitEncodedInt64((long)tensor.dtype);
            var shape = tensor.shape;
            writer.Write7BitEncodedInt64(shape.Length);
            foreach (var d in shape) writer.Write7BitEncodedInt64(d);
            writer.Write(ToBytes(tensor));
        }
    }

    /// <summary>The raw row-major bytes of a tensor of any dtype (no conversion).</summary>
    public static byte[] ToBytes(Tensor tensor)
    {
        using var dense = tensor.detach().cpu().contiguous();
        return dense.bytes.ToArray();
    }

    private static Tensor FromBytes(byte[] bytes, long[] shape, ScalarType dtype)
    {
        var result = torch.empty(shape, dtype);
        result.bytes = bytes;
        return result;
    }

    // Bytes per element of each dtype the format stores.
    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new InvalidDataException($"{dtype} is not supported"),
    };
}
