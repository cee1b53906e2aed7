using System.IO;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>Reads and writes optimizer state the way TorchSharp does: LEB128 integers and tensors as
/// LEB128 dtype, LEB128 rank, LEB128 dims, then the raw little-endian elements.</summary>
internal static class OptimizerStateFormat
{
    private const int MaxRank = 64;

    internal static void Encode(BinaryWriter writer, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "only non-negative integers are encoded");
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
    }

    internal static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("a LEB128 integer in the optimizer state is longer than 9 bytes");
    }

    internal static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        Encode(writer, (long)tensor.dtype);
        var shape = tensor.shape;
        Encode(writer, shape.Length);
        foreach (var d in shape) Encode(writer, d);
        switch (tensor.ElementSize)
        {
            case 1: writer.Write(tensor.ReadElements<byte>()); break;
            case 2: writer.Write(MemoryMarshal.AsBytes<short>(tensor.ReadElements<short>())); break;
            case 4: writer.Write(MemoryMarshal.AsBytes<int>(tensor.ReadElements<int>())); break;
            case 8: writer.Write(MemoryMarshal.AsBytes<long>(tensor.ReadElements<long>())); break;
            default: throw new NotSupportedException($"cannot save a tensor of {tensor.dtype}");
        }
    }

    /// <summary>Reads a tensor; the caller owns it (it belongs to no dispose scope).</summary>
    /// <exception cref="InvalidDataException">The stream is truncated or holds an impossible header.</exception>
    internal static Tensor ReadTensor(BinaryReader reader)
    {
        try
        {
            var dtype = (ScalarType)Decode(reader);
            if (!Enum.IsDefined(dtype)) throw new InvalidDataException($"unknown tensor element type {(long)dtype} in the optimizer state");
            var rank = Decode(reader);
            if (rank > MaxRank) throw new InvalidDataException($"tensor rank {rank} in the optimizer state is larger than {MaxRank}");
            var shape = new long[rank];
            long count = 1;
            for (var i = 0; i < rank; i++)
            {
                shape[i] = Decode(reader);
                count = checked(count * shape[i]);
            }
            var size = ElementSize(dtype);
            var bytes = reader.ReadBytes(checked((int)(count * size)));
            if (bytes.Length != count * size) throw new InvalidDataException("the optimizer state ends inside a tensor");
            var tensor = empty(shape, dtype).DetachFromDisposeScope();
            switch (size)
            {
                case 1: tensor.WriteElements<byte>(bytes); break;
                case 2: tensor.WriteElements(MemoryMarshal.Cast<byte, short>(bytes)); break;
                case 4: tensor.WriteElements(MemoryMarshal.Cast<byte, int>(bytes)); break;
                case 8: tensor.WriteElements(MemoryMarshal.Cast<byte, long>(bytes)); break;
                default: tensor.Dispose(); throw new InvalidDataException($"cannot load a tensor of {dtype}");
            }
            return tensor;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the optimizer state ends early", e);
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException("a tensor in the optimizer state is impossibly large", e);
        }
    }
}
