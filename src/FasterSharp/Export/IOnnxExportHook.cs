using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Rewrites the inputs of each weighted layer (Conv, Gemm) as the exporter writes it: the seam through which
/// quantized export inserts QuantizeLinear/DequantizeLinear pairs on a layer's activation input and weight, given
/// per-layer ranges keyed by the layer's dotted module name.</summary>
internal interface IOnnxExportHook
{
    /// <summary>The tensor the layer reads instead of <paramref name="input"/> (return it unchanged to keep it).</summary>
    /// <param name="graph">The graph being written (add nodes and initializers here).</param>
    /// <param name="layer">The layer's dotted module name, as <c>named_modules()</c> gives it.</param>
    /// <param name="module">The layer (Conv2d or Linear).</param>
    /// <param name="input">The name of the activation tensor the layer reads.</param>
    string LayerInput(OnnxGraphWriter graph, string layer, nn.Module module, string input);

    /// <summary>The tensor used as the layer's weight instead of the initializer <paramref name="weight"/>.</summary>
    /// <param name="graph">The graph being written.</param>
    /// <param name="layer">The layer's dotted module name.</param>
    /// <param name="module">The layer (Conv2d or Linear).</param>
    /// <param name="weight">The name of the float32 weight initializer ([out, in, kh, kw] or [out, in]: output
    /// channels on axis 0).</param>
    /// <param name="weightTensor">The weight's values.</param>
    string LayerWeight(OnnxGraphWriter graph, string layer, nn.Module module, string weight, Tensor weightTensor);

    /// <summary>The tensor that later nodes read instead of the layer's output <paramref name="output"/> (return it
    /// unchanged to keep it). Called only for layers whose output feeds a residual Add or is the model's output.</summary>
    /// <param name="graph">The graph being written.</param>
    /// <param name="layer">The layer's dotted module name.</param>
    /// <param name="output">The name of the layer's output tensor.</param>
    string LayerOutput(OnnxGraphWriter graph, string layer, string output);

    /// <summary>The tensor a residual Add reads instead of <paramref name="input"/>: the dequantized copy when a layer
    /// already quantized that same tensor as its input (the shortcut of a residual block), else the input itself.</summary>
    /// <param name="input">The name of the tensor the Add reads.</param>
    string AddInput(string input);

    /// <summary>Writes a whole Linear layer (e.g. as dynamic int8) and returns its output, or returns null to let the
    /// exporter write it as Gemm.</summary>
    string? Linear(OnnxGraphWriter graph, string layer, TorchSharp.Modules.Linear linear, string input);

    /// <summary>The layers the hook must write (checked after the graph is built).</summary>
    IReadOnlyCollection<string> Expected { get; }

    /// <summary>The layers it wrote.</summary>
    IReadOnlyCollection<string> Written { get; }
}
