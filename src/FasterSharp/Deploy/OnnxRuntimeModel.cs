using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using static TorchSharp.torch;

namespace FasterSharp.Deploy;

/// <summary>An ONNX model run by ONNX Runtime (CPU execution provider) behind TorchSharp's module interface: its
/// forward takes and returns TorchSharp tensors, so the tools written for TorchSharp models — <c>Latency.Measure</c>
/// and <c>Latency.Compare</c>, <c>Learner.Validate</c> with its metrics, <c>ModelStats.Measure</c> — run on the
/// exported model unchanged, side by side with the original.</summary>
/// <remarks>
/// <para>The model has one float32 input and one float32 output (as <see cref="Export.OnnxExport"/> writes them);
/// the batch dimension may vary. The input is handed to ONNX Runtime without a copy (a contiguous float32 CPU view)
/// and, when the output shape is known up to the batch, ONNX Runtime writes straight into the returned tensor. A
/// tensor on another device is copied to the CPU and the output moved back to it. The module has no parameters;
/// <c>train()</c>/<c>eval()</c> change nothing (the graph is what was exported, in eval mode).</para>
/// <para>Threads are a session setting: <c>Latency</c>'s thread option sets TorchSharp's threads, not these; pass
/// <c>intraOpThreads</c> here to time ONNX Runtime with a given number. Needs ONNX Runtime's native library at run
/// time: reference the <c>Microsoft.ML.OnnxRuntime</c> package (1.32.0) in the application or notebook.</para>
/// <para>Dispose it to release the session. A call from several threads at once is safe (ONNX Runtime sessions are).</para>
/// </remarks>
public sealed class OnnxRuntimeModel : nn.Module<Tensor, Tensor>
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _run;
    private readonly long[] _inputShape;
    private readonly long[]? _outputShape;
    private bool _disposed;

    private OnnxRuntimeModel(string name, string path, InferenceSession session, SessionOptions options, int? intraOpThreads) : base(name)
    {
        Path = path;
        _session = session;
        _options = options;
        _run = new RunOptions();
        IntraOpThreads = intraOpThreads;
        SizeBytes = new FileInfo(path).Length;
        (Parameters, NonZeroParameters) = CountInitializers(path);
        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.Single();
        InputName = input.Key;
        OutputName = output.Key;
        _inputShape = input.Value.Dimensions.Select(d => (long)d).ToArray();
        var outputShape = output.Value.Dimensions.Select(d => (long)d).ToArray();
        _outputShape = outputShape.Length > 0 && outputShape.Skip(1).All(d => d > 0) ? outputShape : null;
    }

    /// <summary>Opens <paramref name="path"/> in an ONNX Runtime session on the CPU execution provider, with all graph
    /// optimizations.</summary>
    /// <param name="path">An .onnx file with one float32 input and one float32 output.</param>
    /// <param name="intraOpThreads">Threads ONNX Runtime uses inside an operator, in [1, 256]; null (default) lets ONNX
    /// Runtime choose (one per physical core).</param>
    /// <param name="name">The module name (default "onnx").</param>
    /// <exception cref="ArgumentNullException">A null path.</exception>
    /// <exception cref="ArgumentException">A blank path or name; a file ONNX Runtime cannot load (the message carries its
    /// error); a model that does not have exactly one float32 input and one float32 output.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> outside [1, 256].</exception>
    public static OnnxRuntimeModel Load(string path, int? intraOpThreads = null, string name = "onnx")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (intraOpThreads is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "must be in [1, 256], or null for ONNX Runtime's choice");
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArgumentException($"'{path}' is a directory, not an .onnx file", nameof(path));
        if (!File.Exists(full)) throw new FileNotFoundException($"no ONNX file at {path}", full);
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        InferenceSession? session = null;
        try
        {
            if (intraOpThreads is int threads) options.IntraOpNumThreads = threads;
            options.InterOpNumThreads = 1;
            try
            {
                session = new InferenceSession(full, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ArgumentException($"ONNX Runtime cannot load '{path}': {e.Message}", nameof(path), e);
            }
            CheckSignature(session, path);
            return new OnnxRuntimeModel(name, full, session, options, intraOpThreads);
        }
        catch
        {
            session?.Dispose();
            options.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the ONNX file.</summary>
    public string Path { get; }

    /// <summary>The size of the ONNX file on disk, in bytes (for a side-by-side size row).</summary>
    public long SizeBytes { get; }

    /// <summary>The number of elements in the graph's initializers: weights, biases, BatchNorm statistics, scalar
    /// constants, and in a quantized graph the scales and zero points; int64 shape constants are left out.</summary>
    public long Parameters { get; }

    /// <summary>The initializer elements that are not zero.</summary>
    public long NonZeroParameters { get; }

    /// <summary>The intra-op thread setting of the session (null: ONNX Runtime's default).</summary>
    public int? IntraOpThreads { get; }

    /// <summary>The graph input's name.</summary>
    public string InputName { get; }

    /// <summary>The graph output's name.</summary>
    public string OutputName { get; }

    /// <summary>The input shape the model declares; -1 marks a free dimension (the batch).</summary>
    public IReadOnlyList<long> InputShape => _inputShape;

    /// <summary>Runs the model on <paramref name="input"/> (float32, the declared shape, any batch size) and returns
    /// its output as a new tensor on the input's device.</summary>
    /// <exception cref="ObjectDisposedException">The model or the input was disposed.</exception>
    /// <exception cref="ArgumentException">Not float32, or a shape the model does not take (the message gives both).</exception>
    public override Tensor forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsInvalid) throw new ObjectDisposedException(nameof(input), "the input tensor was disposed");
        if (input.dtype != ScalarType.Float32)
            throw new ArgumentException($"the ONNX model takes float32 input, got {input.dtype}", nameof(input));
        var shape = input.shape;
        if (shape.Length > 0 && shape[0] < 1) throw new ArgumentException("the input batch is empty", nameof(input));
        if (shape.Length != _inputShape.Length || shape.Where((d, i) => _inputShape[i] >= 0 && _inputShape[i] != d).Any())
            throw new ArgumentException(
                $"the ONNX model takes input of shape [{string.Join(", ", _inputShape.Select(d => d < 0 ? "N" : d.ToString()))}], got [{string.Join(", ", shape)}]",
                nameof(input));
        var device = input.device;
        using var cpu = input.detach().to(CPU).contiguous();
        using var inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
            DataPointer(cpu), cpu.NumberOfElements * sizeof(float));
        Tensor output;
        if (_outputShape is not null)
        {
            var outputShape = _outputShape.ToArray();
            outputShape[0] = shape[0];
            output = empty(outputShape, ScalarType.Float32);
            using var outputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, outputShape,
                DataPointer(output), output.NumberOfElements * sizeof(float));
            _session.Run(_run, [InputName], [inputValue], [OutputName], [outputValue]);
        }
        else
        {
            using var results = _session.Run(_run, [InputName], [inputValue], [OutputName]);
            var result = results[0];
            var resultShape = result.GetTensorTypeAndShape().Shape;
            output = tensor(result.GetTensorDataAsSpan<float>().ToArray(), resultShape);
        }
        if (device.type == TorchSharp.DeviceType.CPU) return output;
        using (output) return output.to(device);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _session.Dispose();
            _options.Dispose();
            _run.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The address of a contiguous CPU tensor's data (TorchSharp's <c>bytes</c> is a span over it, no copy).</summary>
    private static unsafe IntPtr DataPointer(Tensor contiguousCpu)
    {
        fixed (byte* data = contiguousCpu.bytes) return (IntPtr)data;
    }

    private static (long Count, long NonZero) CountInitializers(string path)
    {
        Onnx.ModelProto model;
        using (var stream = File.OpenRead(path)) model = Onnx.ModelProto.Parser.ParseFrom(stream);
        long count = 0, nonZero = 0;
        foreach (var initializer in model.Graph.Initializer)
        {
            if (initializer.DataType == (int)Onnx.TensorProto.Types.DataType.Int64) continue;   // shapes and axes, not weights
            var elements = initializer.Dims.Aggregate(1L, (a, d) => a * d);
            count += elements;
            var raw = initializer.RawData.Span;
            if (raw.Length == 0) { nonZero += elements; continue; }   // typed fields: counted as non-zero
            if (initializer.DataType == (int)Onnx.TensorProto.Types.DataType.Float)
            {
                foreach (var v in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw)) if (v != 0) nonZero++;   // -0 is zero, as for count_nonzero
                continue;
            }
            var width = (int)Math.Max(1, raw.Length / Math.Max(1, elements));
            for (var i = 0; i + width <= raw.Length; i += width)
                if (raw.Slice(i, width).IndexOfAnyExcept((byte)0) >= 0) nonZero++;
        }
        return (count, nonZero);
    }

    private static void CheckSignature(InferenceSession session, string path)
    {
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            throw new ArgumentException(
                $"'{path}' has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; OnnxRuntimeModel runs models with one of each", nameof(path));
        foreach (var (role, meta) in new[] { ("input", session.InputMetadata.Single()), ("output", session.OutputMetadata.Single()) })
            if (!meta.Value.IsTensor || meta.Value.ElementDataType != TensorElementType.Float)
                throw new ArgumentException($"the {role} '{meta.Key}' of '{path}' is not a float32 tensor", nameof(path));
    }
}
