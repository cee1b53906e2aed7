using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FasterSharp.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>The file <see cref="Learner.Save"/> writes: one unit holding the model and, optionally, the optimizer.</summary>
/// <remarks>
/// Layout: the model's state dict exactly as TorchSharp's <c>Module.save</c> writes it (so <c>Module.load</c> and
/// <see cref="StateDictFile"/> can read the weights alone), then the optimizer state as
/// <c>OptimizerHelper.save_state_dict</c> writes it (absent when saved without it), then a 64-byte footer: the two
/// section lengths (int64, little-endian), a SHA-256 of everything before the hash, and the magic
/// "FasterSharpCkpt1". Reading checks the footer, the length and the hash before parsing anything, so a
/// truncated, extended or damaged file is refused as a whole; a checkpoint saved without the optimizer cannot be
/// combined with the optimizer state of an earlier save, since there is no separate file to pair.
/// </remarks>
internal static class CheckpointFile
{
    private const int FooterSize = 8 + 8 + 32 + 16;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FasterSharpCkpt1");

    public static void Write(string path, nn.Module model, OptimizerHelper? optimizer) => AtomicFile.Write(path, stream =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hashing = new HashingWriteStream(stream, hash);
        using var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true);
        model.save(writer);
        writer.Flush();
        var modelLength = hashing.Position;
        optimizer?.save_state_dict(writer);
        writer.Flush();
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(lengths, modelLength);
        BinaryPrimitives.WriteInt64LittleEndian(lengths[8..], hashing.Position - modelLength);
        hashing.Write(lengths);
        stream.Write(hash.GetHashAndReset());
        stream.Write(Magic);
    });

    /// <summary>What a checked checkpoint holds: the model's tensors and, when asked for and present, an optimizer
    /// (a new one from the learner's factory) already holding the saved state. Nothing is applied yet.</summary>
    public sealed class Contents(Dictionary<string, Tensor> weights, OptimizerHelper? optimizer) : IDisposable
    {
        public Dictionary<string, Tensor> Weights { get; } = weights;
        public OptimizerHelper? Optimizer { get; private set; } = optimizer;
        public bool HasOptimizerState => Optimizer is not null;

        /// <summary>Hands the optimizer over to the caller (it is then not disposed with the contents).</summary>
        public OptimizerHelper TakeOptimizer()
        {
            var taken = Optimizer!;
            Optimizer = null;
            return taken;
        }

        public void Dispose()
        {
            foreach (var t in Weights.Values) t.Dispose();
            Optimizer?.Dispose();
        }
    }

    /// <summary>Reads and checks the whole checkpoint against <paramref name="model"/>; the optimizer section (if
    /// <paramref name="createOptimizer"/> is given and the file has one) is loaded into a new optimizer. Changes nothing.</summary>
    public static Contents Read(string path, nn.Module model, Func<OptimizerHelper>? createOptimizer)
    {
        using var stream = AtomicFile.OpenExisting(path, nameof(path));
        var (modelLength, optimizerLength) = CheckFooter(stream, path);
        stream.Position = 0;
        var weights = StateDictFile.Read(stream, modelLength, model, path);
        OptimizerHelper? optimizer = null;
        try
        {
            if (stream.Position != modelLength)
                throw new InvalidDataFileException(path, $"the model section ends at byte {stream.Position}, the footer says {modelLength}");
            if (optimizerLength > 0 && createOptimizer is not null)
            {
                optimizer = createOptimizer();
                try
                {
                    using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
                    optimizer.load_state_dict(reader);
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException or InvalidCastException or NullReferenceException)
                {
                    throw new InvalidDataFileException(path, $"its optimizer state does not fit the learner's {optimizer.GetType().Name}: {e.Message}", e);
                }
                if (stream.Position != modelLength + optimizerLength)
                    throw new InvalidDataFileException(path, $"the optimizer section ends at byte {stream.Position}, the footer says {modelLength + optimizerLength}");
            }
            return new Contents(weights, optimizer);
        }
        catch
        {
            optimizer?.Dispose();
            foreach (var t in weights.Values) t.Dispose();
            throw;
        }
    }

    private static (long Model, long Optimizer) CheckFooter(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length < FooterSize)
            throw new InvalidDataFileException(path, $"is not a FasterSharp checkpoint: {length} bytes is shorter than its {FooterSize}-byte footer (truncated?)");
        Span<byte> footer = stackalloc byte[FooterSize];
        stream.Position = length - FooterSize;
        stream.ReadExactly(footer);
        if (!footer[^16..].SequenceEqual(Magic))
            throw new InvalidDataFileException(path,
                "is not a FasterSharp checkpoint (no checkpoint footer at its end): it is truncated, has bytes appended, or is another kind of file; " +
                "a plain TorchSharp state dict (Module.save) loads with StateDictFile.LoadInto");
        var modelLength = BinaryPrimitives.ReadInt64LittleEndian(footer);
        var optimizerLength = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        if (modelLength <= 0 || optimizerLength < 0 || modelLength > length || optimizerLength > length || modelLength + optimizerLength + FooterSize != length)
            throw new InvalidDataFileException(path, $"its footer describes {modelLength} + {optimizerLength} + {FooterSize} bytes, the file has {length}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        stream.Position = 0;
        var buffer = new byte[1 << 20];
        for (var left = modelLength + optimizerLength; left > 0;)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new InvalidDataFileException(path, "changed size while it was read");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        hash.AppendData(footer[..16]);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(footer[16..48]))
            throw new InvalidDataFileException(path, "is damaged: its SHA-256 checksum does not match its contents");
        return (modelLength, optimizerLength);
    }

    /// <summary>Passes writes through to a stream and into a hash; counts the bytes written.</summary>
    private sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : Stream
    {
        private long _position;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
            _position += buffer.Length;
        }
    }
}
