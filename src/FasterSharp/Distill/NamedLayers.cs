using FasterSharp.Sparse;
using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Finds a model's sub-modules by their dotted names (PyTorch's <c>named_modules()</c> names).</summary>
internal static class NamedLayers
{
    /// <summary>Every descendant of <paramref name="model"/> (not the model itself), depth first, parent before children.</summary>
    public static IReadOnlyList<(string Name, nn.Module Module)> All(nn.Module model) =>
        ModelWalk.DepthFirst(model).Where(m => m.Name.Length > 0).ToList();

    /// <summary>The modules called <paramref name="names"/>, in order.</summary>
    /// <exception cref="ArgumentException">Unknown names (all listed, with the known names), or a module whose
    /// forward does not map one tensor to one tensor (it cannot be hooked).</exception>
    public static List<nn.Module<Tensor, Tensor>> Resolve(nn.Module model, IReadOnlyList<string> names, string role, string parameterName)
    {
        var byName = All(model).ToDictionary(m => m.Name, m => m.Module);
        var unknown = names.Where(n => !byName.ContainsKey(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var known = byName.Keys.ToList();
            var shown = string.Join(", ", known.Take(40)) + (known.Count > 40 ? $", … ({known.Count} in all)" : "");
            throw new ArgumentException(
                $"the {role} has no layer named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; its layers are: {(known.Count == 0 ? "(none)" : shown)}",
                parameterName);
        }
        var result = new List<nn.Module<Tensor, Tensor>>();
        foreach (var name in names)
        {
            if (byName[name] is not nn.Module<Tensor, Tensor> module)
                throw new ArgumentException(
                    $"the {role}'s layer '{name}' ({byName[name].GetType().Name}) does not map one tensor to one tensor, so its output cannot be captured",
                    parameterName);
            result.Add(module);
        }
        return result;
    }
}
