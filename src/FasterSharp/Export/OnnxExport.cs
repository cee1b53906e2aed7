using System.Reflection;
using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Prune;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes a model to an ONNX file (opset 17, float32, dynamic batch dimension) from the flow graph the
/// structural tools use: the same description (Sequential order, the layer kinds FasterSharp knows, and modules that
/// describe their own forward pass through <see cref="IChannelFlow"/>) that serves the <see cref="Pruner"/> and the
/// BatchNorm folder, checked against one forward pass on a sample input. TorchSharp has no ONNX export of its own.</summary>
/// <remarks>
/// <para>Written: Sequential; Conv2d (any groups, zero padding incl. 'same'); Linear; BatchNorm1d/2d with running
/// statistics; ReLU, ReLU6, LeakyReLU, ELU, SELU, CELU, GELU (exact and tanh), SiLU, Mish, Tanh, Hardswish, Hardtanh,
/// Sigmoid, Hardsigmoid, Softplus; MaxPool2d, AvgPool2d, AdaptiveAvgPool2d/AdaptiveMaxPool2d (global, or sizes that
/// divide); Flatten from dim 1; Dropout, Dropout2d, AlphaDropout and Identity (as Identity); residual sums and
/// flattens declared in flow descriptions (our ResNet blocks, VGG); hence also pruned, BN-folded and SVD-decomposed
/// models (a decomposed Linear is a Sequential of two Linear layers).</para>
/// <para>Eval-mode semantics whatever the model's training flag: BatchNorm uses its running statistics, dropout is
/// off. Weights are copied as float32. Spatial sizes are those of the sample input; only the batch dimension
/// ("batch") is free.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the files use.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version of the files (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as ONNX. The file is written whole or not at
    /// all (a temporary file in the target folder, renamed into place); nothing is written when it throws.</summary>
    /// <param name="model">The model (left unchanged; run once in eval mode under no_grad, training flags restored).</param>
    /// <param name="sampleInput">A float32 input batch, e.g. <c>randn(2, 1, 28, 28)</c>: it fixes the non-batch
    /// dimensions of the exported input.</param>
    /// <param name="path">The file to write (replaced if it exists); its folder must exist.</param>
    /// <param name="inputName">The graph input's name (default "input").</param>
    /// <param name="outputName">The graph output's name (default "output").</param>
    /// <returns>The written file's path, size and operators.</returns>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">A path that cannot name a file or whose folder does not exist; a sample that
    /// is not a float32 batch; equal or blank input/output names; a model whose forward fails on the sample.</exception>
    /// <exception cref="ObjectDisposedException">The model or the sample was disposed.</exception>
    /// <exception cref="UnsupportedModelException">A module or operation with no ONNX translation (the message names it).</exception>
    public static OnnxExportResult Export(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string path,
        string inputName = "input", string outputName = "output") =>
        Export(model, sampleInput, path, inputName, outputName, hook: null);

    /// <summary>Writes <paramref name="model"/> as int8 QDQ ONNX: each Conv2d/Linear that <paramref name="ranges"/>
    /// covers reads its input through QuantizeLinear → DequantizeLinear (per tensor, the range's uint8/int8 scheme)
    /// and its weight as int8 behind DequantizeLinear (per output channel); ONNX Runtime runs these layers on integer
    /// kernels. Layers the ranges do not cover stay float32. Everything else is as in
    /// <see cref="Export(nn.Module{Tensor, Tensor}, Tensor, string, string, string)"/>; fold BatchNorm first
    /// (<c>BatchNormFolder.Fold</c>) so that each convolution's output can stay in int8.</summary>
    /// <remarks>
    /// <para>Residual networks: a layer whose output feeds a residual Add (through Identity nodes such as a folded
    /// BatchNorm), and the layer that produces the model's output, also get their calibrated output range as a
    /// QuantizeLinear → DequantizeLinear pair, and each Add reads its shortcut through the pair that already quantizes
    /// that tensor for the block's first layer; ONNX Runtime then runs every convolution of a ResNet as QLinearConv
    /// (and the Adds as QLinearAdd). The simulation closest to the file is <c>Quantizer.Simulate(model, ranges)</c>;
    /// the extra output pairs round each such output to its calibrated grid (half a step at most, within the range).</para>
    /// <para>On x86 CPUs without VNNI (AVX2, AVX-512F), ONNX Runtime's uint8 × int8 kernels add pairs of products in
    /// int16 and saturate with full-range int8 weights. When the ranges hold full-range weights, the export asks
    /// <see cref="Deploy.Int8WeightCheck.Ensure"/> for this machine's verdict and refuses them where they saturate
    /// (calibrate with <c>Int8WeightCheck.Ensure().WeightScheme</c>, or set <c>FASTERSHARP_INT8_WEIGHTS=full</c> to
    /// write a file meant for a CPU with VNNI). 7-bit weights are exact everywhere and never need the verdict.</para>
    /// </remarks>
    /// <param name="model">The model the ranges were computed on (calibration or <c>QuantizeCallback</c>).</param>
    /// <param name="sampleInput">A float32 input batch.</param>
    /// <param name="ranges">Per-layer parameters, keyed by the layers' dotted names.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="inputName">The graph input's name (default "input").</param>
    /// <param name="outputName">The graph output's name (default "output").</param>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentException">As for the float export; ranges naming a layer the graph does not hold as a
    /// Conv2d or Linear, or whose channel count differs from the layer's; full-range int8 weights on a machine where
    /// ONNX Runtime saturates with them (nothing is written).</exception>
    /// <exception cref="ObjectDisposedException">The model or the sample was disposed.</exception>
    /// <exception cref="UnsupportedModelException">A module or operation with no ONNX translation (the message names it).</exception>
    public static OnnxExportResult ExportQuantized(nn.Module<Tensor, Tensor> model, Tensor sampleInput, Quantize.QuantizationRanges ranges,
        string path, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0) throw new ArgumentException("the ranges cover no layer; export the float model with Export", nameof(ranges));
        return Export(model, sampleInput, path, inputName, outputName, new QdqExportHook(ranges), checkWeightRange: true);
    }

    /// <summary>Writes <paramref name="model"/> as dynamic int8 ONNX: each selected Linear layer quantizes its input at
    /// run time (DynamicQuantizeLinear: uint8, the tensor's own range widened to 0), multiplies it with int8 weights
    /// (per output channel) in MatMulInteger, and rescales the int32 result to float32 (Cast, Mul by input scale ×
    /// weight scale, Add bias); ONNX Runtime fuses this into its integer kernels. No calibration is needed:
    /// <c>Quantizer.SimulateDynamic</c> computes the same thing in TorchSharp. Other layers stay float32.</summary>
    /// <remarks>Full-range int8 weights are refused where ONNX Runtime saturates with them, as for
    /// <see cref="ExportQuantized"/>: pass <c>Int8WeightCheck.Ensure().WeightScheme</c> (and the same scheme to
    /// <c>SimulateDynamic</c>).</remarks>
    /// <param name="model">The float model.</param>
    /// <param name="sampleInput">A float32 input batch.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="weightScheme">The weights' per-channel scheme; null for <see cref="Quantize.QuantScheme.Int8Symmetric"/>.</param>
    /// <param name="exclude">Dotted names of Linear layers to keep in float32.</param>
    /// <param name="inputName">The graph input's name (default "input").</param>
    /// <param name="outputName">The graph output's name (default "output").</param>
    /// <exception cref="ArgumentNullException">A null model, sample or path.</exception>
    /// <exception cref="ArgumentException">As for the float export; a model with no Linear layer to quantize; excluded
    /// names the model lacks; full-range weights on a machine where ONNX Runtime saturates with them.</exception>
    /// <exception cref="ObjectDisposedException">The model or the sample was disposed.</exception>
    /// <exception cref="UnsupportedModelException">A module or operation with no ONNX translation.</exception>
    public static OnnxExportResult ExportDynamicQuantized(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string path,
        Quantize.QuantScheme? weightScheme = null, IEnumerable<string>? exclude = null, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(model);
        var ranges = Quantize.Quantizer.DynamicRanges(model, Sparse.LayerTypes.Linear, weightScheme, exclude);
        return Export(model, sampleInput, path, inputName, outputName, new DynamicQuantExportHook(ranges), checkWeightRange: true);
    }

    /// <summary>Refuses full-range weights where <see cref="Deploy.Int8WeightCheck"/> finds that ONNX Runtime saturates.</summary>
    /// <param name="ranges">The ranges to export.</param>
    /// <param name="verdict">The verdict (asked for only when some weights are full range).</param>
    internal static void CheckWeightRange(Quantize.QuantizationRanges ranges, Func<Deploy.Int8WeightVerdict> verdict)
    {
        var full = ranges.Layers.Where(l => l.Weight.Scheme.QuantMax - l.Weight.Scheme.QuantMin > 127).Select(l => $"'{l.Name}'").ToList();
        if (full.Count == 0) return;
        var decided = verdict();
        if (decided.FullRangeExact || !decided.Decided) return;
        throw new ArgumentException(
            $"the ranges give {string.Join(", ", full.Take(3))}{(full.Count > 3 ? $" and {full.Count - 3} more" : "")} full-range int8 weights, " +
            $"but ONNX Runtime on this CPU saturates with them ({decided.Decision}); calibrate with " +
            "weightScheme: Int8WeightCheck.Ensure().WeightScheme (7 bits), or, for a file meant for a CPU with VNNI, " +
            $"set {Deploy.Int8WeightCheck.Variable}=full to export it anyway", "ranges");
    }

    /// <summary>The export with a hook that rewrites each weighted layer's inputs (quantized export).</summary>
    internal static OnnxExportResult Export(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string path,
        string inputName, string outputName, IOnnxExportHook? hook, bool checkWeightRange = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputName);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        if (inputName == outputName) throw new ArgumentException($"the input and output are both named '{inputName}'", nameof(outputName));
        AtomicFile.CheckWritablePath(path, nameof(path));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) throw new ArgumentException($"the folder '{folder}' of '{path}' does not exist", nameof(path));
        ForwardRecording.CheckSample(sampleInput, nameof(sampleInput));
        if (sampleInput.dtype != ScalarType.Float32)
            throw new ArgumentException($"the sample input must be float32 (the exported model takes float32), got {sampleInput.dtype}", nameof(sampleInput));

        var onnx = Build(model, sampleInput, inputName, outputName, hook);
        if (hook is not null && hook.Written.Count != hook.Expected.Count)
        {
            var missing = hook.Expected.Except(hook.Written).ToList();
            throw new ArgumentException(
                $"the ranges name layers the model does not run as Conv2d or Linear: {string.Join(", ", missing)}", "ranges");
        }
        if (checkWeightRange && hook is QdqExportHook checkedHook) CheckWeightRange(checkedHook.Ranges, Deploy.Int8WeightCheck.Ensure);
        if (checkWeightRange && hook is DynamicQuantExportHook dynamicHook) CheckWeightRange(dynamicHook.Ranges, Deploy.Int8WeightCheck.Ensure);
        var bytes = onnx.ToByteArray();
        AtomicFile.Write(path, stream => stream.Write(bytes));
        return new OnnxExportResult(Path.GetFullPath(path), bytes.LongLength, onnx.Graph.Node.Count,
            onnx.Graph.Node.Select(n => n.OpType).Distinct().ToList());
    }

    internal static ModelProto Build(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string inputName, string outputName, IOnnxExportHook? hook)
    {
        var recording = ForwardRecording.Run(model, sampleInput);
        var flow = new FlowBuilder(recording, allowGroupedConvolutions: true);
        var modelOutput = flow.Build(model);
        var graph = new OnnxGraphWriter();
        graph.UniqueName(inputName);
        graph.UniqueName(outputName);
        graph.Graph.Name = model.GetName();
        var names = new Dictionary<FlowValue, string>(ReferenceEqualityComparer.Instance);
        var quantizedOutputs = hook is null ? [] : OutputsToQuantize(flow.Nodes, modelOutput);
        using (no_grad())
        {
            foreach (var node in flow.Nodes)
            {
                var inputs = node.Inputs.Select(v => names[v]).ToList();
                // A residual Add reads its shortcut through the pair that already quantizes it for the block's first
                // layer, so that the layer producing the shortcut has only quantized consumers (an int8 kernel in ORT).
                if (node.Kind == NodeKind.Add && hook is not null) inputs = inputs.Select(hook.AddInput).ToList();
                var written = node.Kind == NodeKind.Input ? inputName : WriteNode(graph, node, inputs, hook);
                if (hook is not null && quantizedOutputs.Contains(node)) written = hook.LayerOutput(graph, node.Name, written);
                names[node.Output] = written;
            }
        }
        var last = names[modelOutput];
        if (last == inputName) graph.Node("Identity", "output_identity", [inputName], outputName);
        else Rename(graph.Graph, last, outputName);
        graph.Graph.Input.Add(OnnxGraphWriter.BatchedFloat(inputName, recording.InputShape));
        graph.Graph.Output.Add(OnnxGraphWriter.BatchedFloat(outputName, recording.OutputShape));

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FasterSharp",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            Graph = graph.Graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return onnx;
    }

    /// <summary>The Conv/Linear nodes whose output reaches a residual Add or the model's output through Identity nodes
    /// only (e.g. a folded BatchNorm): quantized export writes their output range there, so that ONNX Runtime runs them
    /// on integer kernels (a layer followed by ReLU or pooling gets its int8 output from the next layer's input pair).</summary>
    private static HashSet<FlowNode> OutputsToQuantize(IReadOnlyList<FlowNode> nodes, FlowValue modelOutput)
    {
        var producer = new Dictionary<FlowValue, FlowNode>(ReferenceEqualityComparer.Instance);
        foreach (var node in nodes) producer[node.Output] = node;
        var result = new HashSet<FlowNode>(ReferenceEqualityComparer.Instance);
        void Trace(FlowValue value)
        {
            while (producer.TryGetValue(value, out var node))
            {
                if (node.Kind is NodeKind.Conv or NodeKind.DepthwiseConv or NodeKind.GroupedConv or NodeKind.Linear)
                {
                    result.Add(node);
                    return;
                }
                if (node.Kind != NodeKind.Passthrough || node.Module is not (Identity or Dropout or Dropout2d or AlphaDropout) || node.Inputs.Count != 1) return;
                value = node.Inputs[0];
            }
        }
        foreach (var add in nodes.Where(n => n.Kind == NodeKind.Add))
            foreach (var input in add.Inputs) Trace(input);
        Trace(modelOutput);
        return result;
    }

    private static string WriteNode(OnnxGraphWriter graph, FlowNode node, IReadOnlyList<string> inputs, IOnnxExportHook? hook)
    {
        var layer = node.Name;
        return node.Kind switch
        {
            NodeKind.Conv or NodeKind.DepthwiseConv or NodeKind.GroupedConv => OnnxLayerWriter.Conv(graph, layer, (Conv2d)node.Module!, inputs[0], hook),
            NodeKind.Linear => OnnxLayerWriter.Linear(graph, layer, (Linear)node.Module!, inputs[0], hook),
            NodeKind.BatchNorm => OnnxLayerWriter.BatchNorm(graph, layer, (BatchNorm)node.Module!, inputs[0]),
            NodeKind.Passthrough => OnnxActivationWriter.Module(graph, layer, node.Module!, inputs[0]),
            NodeKind.Pool => OnnxPoolWriter.Write(graph, layer, node.Module!, inputs[0], node.Inputs[0].Shape, node.Output.Shape),
            // x.flatten(1) as Reshape to [0, -1] (0 keeps the batch, so it stays dynamic) rather than Flatten: ONNX
            // Runtime moves QDQ pairs across Reshape, not Flatten, so a convolution before it keeps its int8 kernel.
            NodeKind.Flatten => graph.Node("Reshape", layer, [inputs[0], graph.FlattenShape()]),
            NodeKind.Add => inputs.Count == 2 ? graph.Node("Add", layer, inputs) : graph.Node("Sum", layer, inputs),
            NodeKind.Elementwise => OnnxActivationWriter.Functional(graph, layer, node.Operation ?? "", inputs[0]),
            _ => throw new UnsupportedModelException(layer, $"a {node.TypeName} node has no ONNX translation"),
        };
    }

    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Output.Count; i++) if (node.Output[i] == from) node.Output[i] = to;
            for (var i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
        }
    }
}
