using FasterSharp.Prune;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>A Conv2d or Linear that will be quantized, with its name.</summary>
internal sealed record QuantizableLayer(string Name, QuantizedLayerKind Kind, nn.Module<Tensor, Tensor> Module, Parameter Weight);

/// <summary>Finds the layers to quantize and rejects models that cannot be quantized, before anything changes.</summary>
internal static class QuantizableLayers
{
    /// <summary>The model's selected Conv2d/Linear layers, depth first (named_modules order).</summary>
    /// <exception cref="UnsupportedModelException">A layer with weights that int8 quantization does not support
    /// (Conv1d, Conv3d, transposed convolutions, Bilinear) that is not excluded.</exception>
    /// <exception cref="ArgumentException">Excluded names the model does not have; no layer left to quantize.</exception>
    public static List<QuantizableLayer> Find(nn.Module model, LayerTypes layerTypes, IReadOnlySet<string> exclude, string parameterName)
    {
        var walk = ModelWalk.DepthFirst(model).ToList();
        if (walk.Count > 0 && walk[0].Name.Length == 0)
            throw new ArgumentException($"the model is itself a single {model.GetType().Name}; hooks do not run on a model's own forward, " +
                                        "so wrap it in a Sequential to quantize it", parameterName);
        var names = walk.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = exclude.Where(n => !names.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"the model has no layer {string.Join(", ", unknown.Select(n => $"'{n}'"))} to exclude", "exclude");
        var result = new List<QuantizableLayer>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in walk)
        {
            if (exclude.Contains(name) || !seen.Add(module)) continue;
            switch (module)
            {
                case Conv2d conv when (layerTypes & LayerTypes.Conv2d) != 0:
                    result.Add(new QuantizableLayer(name, QuantizedLayerKind.Conv2d, conv, conv.weight!));
                    break;
                case Linear linear when (layerTypes & LayerTypes.Linear) != 0:
                    result.Add(new QuantizableLayer(name, QuantizedLayerKind.Linear, linear, linear.weight!));
                    break;
                case Conv1d or Conv3d or ConvTranspose1d or ConvTranspose2d or ConvTranspose3d or Bilinear:
                    throw new UnsupportedModelException(name,
                        $"{module.GetType().Name} layers cannot be quantized to int8 here (only Conv2d and Linear); " +
                        "exclude it (exclude: [\"" + name + "\"]) to keep it in float");
            }
        }
        if (result.Count == 0)
            throw new ArgumentException(walk.Count == 0
                ? "the model has no layers to quantize"
                : $"the model has no {(layerTypes == LayerTypes.Conv2dAndLinear ? "Conv2d or Linear" : layerTypes.ToString())} layer to quantize" +
                  (exclude.Count > 0 ? " that is not excluded" : ""), parameterName);
        return result;
    }

    /// <summary>The per-channel weight parameters of a layer, naming it when its weight is not finite.</summary>
    public static ChannelQuantParams WeightParams(QuantizableLayer layer, QuantScheme scheme)
    {
        try
        {
            return ChannelQuantParams.FromTensor(layer.Weight, 0, scheme);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the weight of layer '{layer.Name}' cannot be quantized: {e.Message}", "model", e);
        }
    }
}
