using FasterSharp.Prune;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Export;

/// <summary>Writes parameterless per-element modules (activations, dropout, identity) and the functional operations
/// a flow description declares, with PyTorch's eval-mode semantics; where opset 17 has no operator (GELU, SiLU,
/// Mish, Softplus with β or threshold), as the same formula in basic operators.</summary>
internal static class OnnxActivationWriter
{
    public static string Module(OnnxGraphWriter graph, string layer, nn.Module module, string x) => module switch
    {
        ReLU => graph.Node("Relu", layer, [x]),
        ReLU6 => graph.Node("Clip", layer, [x, graph.Scalar(0), graph.Scalar(6)]),
        Hardtanh h => graph.Node("Clip", layer, [x, graph.Scalar((float)h.min_val), graph.Scalar((float)h.max_val)]),
        LeakyReLU l => graph.Node("LeakyRelu", layer, [x], null, OnnxGraphWriter.Float("alpha", l.negative_slope)),
        ELU e => graph.Node("Elu", layer, [x], null, OnnxGraphWriter.Float("alpha", e.alpha)),
        CELU c => graph.Node("Celu", layer, [x], null, OnnxGraphWriter.Float("alpha", c.alpha)),
        // ONNX's Selu defaults are PyTorch's constants (α ≈ 1.6733, γ ≈ 1.0507).
        SELU => graph.Node("Selu", layer, [x]),
        Sigmoid => graph.Node("Sigmoid", layer, [x]),
        Tanh => graph.Node("Tanh", layer, [x]),
        // PyTorch: relu6(x + 3)/6, i.e. HardSigmoid with α = 1/6, β = 0.5.
        Hardsigmoid => graph.Node("HardSigmoid", layer, [x], null, OnnxGraphWriter.Float("alpha", 1.0 / 6), OnnxGraphWriter.Float("beta", 0.5)),
        Hardswish => graph.Node("HardSwish", layer, [x]),
        SiLU => graph.Node("Mul", layer, [x, graph.Node("Sigmoid", layer + ".sigmoid", [x])]),
        Mish => graph.Node("Mul", layer, [x, graph.Node("Tanh", layer + ".tanh", [graph.Node("Softplus", layer + ".softplus", [x])])]),
        GELU g => Gelu(graph, layer, g, x),
        Softplus s => Softplus(graph, layer, s.beta, s.threshold, x),
        Dropout or Dropout2d or AlphaDropout or Identity => graph.Node("Identity", layer, [x]),
        _ => throw new UnsupportedModelException(layer, $"{module.GetType().Name} has no ONNX translation in FasterSharp"),
    };

    /// <summary>A functional operation declared with <see cref="FlowBuilder.Elementwise"/>, by its name.</summary>
    public static string Functional(OnnxGraphWriter graph, string node, string operation, string x) => operation.ToLowerInvariant() switch
    {
        "relu" => graph.Node("Relu", node, [x]),
        "sigmoid" => graph.Node("Sigmoid", node, [x]),
        "tanh" => graph.Node("Tanh", node, [x]),
        "identity" => graph.Node("Identity", node, [x]),
        _ => throw new UnsupportedModelException(node,
            $"the functional operation '{operation}' has no ONNX translation (known by name: relu, sigmoid, tanh, identity); " +
            "use a module (e.g. nn.ReLU) for it, or describe it with one of these names"),
    };

    private static string Gelu(OnnxGraphWriter graph, string layer, GELU gelu, string x)
    {
        string inner;
        if (gelu.approximate.ToString() == "tanh")
        {
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            var cube = graph.Node("Mul", layer + ".x3", [graph.Node("Mul", layer + ".x2", [x, x]), x]);
            var sum = graph.Node("Add", layer + ".sum", [x, graph.Node("Mul", layer + ".cubic", [cube, graph.Scalar(0.044715f)])]);
            inner = graph.Node("Tanh", layer + ".tanh", [graph.Node("Mul", layer + ".scaled", [sum, graph.Scalar((float)Math.Sqrt(2 / Math.PI))])]);
        }
        else
        {
            // 0.5·x·(1 + erf(x/√2))
            inner = graph.Node("Erf", layer + ".erf", [graph.Node("Div", layer + ".scaled", [x, graph.Scalar((float)Math.Sqrt(2))])]);
        }
        var onePlus = graph.Node("Add", layer + ".one_plus", [inner, graph.Scalar(1)]);
        return graph.Node("Mul", layer, [graph.Node("Mul", layer + ".half_x", [x, graph.Scalar(0.5f)]), onePlus]);
    }

    private static string Softplus(OnnxGraphWriter graph, string layer, double beta, double threshold, string x)
    {
        // PyTorch: log(1 + exp(β·x))/β, and x itself where β·x > threshold.
        var scaled = beta == 1 ? x : graph.Node("Mul", layer + ".beta_x", [x, graph.Scalar((float)beta)]);
        var soft = graph.Node("Softplus", layer + ".softplus", [scaled]);
        if (beta != 1) soft = graph.Node("Div", layer + ".over_beta", [soft, graph.Scalar((float)beta)]);
        var linear = graph.Node("Greater", layer + ".linear", [scaled, graph.Scalar((float)threshold)]);
        return graph.Node("Where", layer, [linear, x, soft]);
    }
}
