using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Prune;

/// <summary>The few changes to existing modules that TorchSharp 0.107's public API does not offer: the channel
/// counts of a Conv2d (get-only) and a BatchNorm (private setter), and replacing a child module in its parent
/// (PyTorch's <c>setattr(parent, name, module)</c>). Everything else (weights, biases, running statistics,
/// Linear's feature counts) goes through public setters.</summary>
/// <remarks>Modules are changed in place rather than rebuilt, so every reference to them (a parent's field, a
/// hook, the caller's variable) stays valid. The private members are looked up once; <see cref="EnsureAvailable"/>
/// is called before any model is touched, so a TorchSharp version that renamed them fails cleanly.</remarks>
internal static class ModuleSurgery
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly FieldInfo? ConvInChannels = typeof(Convolution).GetField("<in_channels>k__BackingField", Instance);
    private static readonly FieldInfo? ConvOutChannels = typeof(Convolution).GetField("<out_channels>k__BackingField", Instance);
    private static readonly PropertyInfo? NormFeatures = typeof(NormBase).GetProperty(nameof(NormBase.num_features), Instance);
    private static readonly FieldInfo? SequentialModules = typeof(Sequential).GetField("_modules", Instance);
    private static readonly FieldInfo? SequentialNames = typeof(Sequential).GetField("_names", Instance);
    private static readonly FieldInfo? Submodules = typeof(nn.Module).GetField("_internal_submodules", Instance);

    /// <summary>Throws when a private member this class needs is missing (another TorchSharp version).</summary>
    /// <exception cref="NotSupportedException">The TorchSharp in use does not have the expected members.</exception>
    public static void EnsureAvailable()
    {
        var missing = new List<string>();
        if (ConvInChannels is null || ConvOutChannels is null) missing.Add("Convolution.in_channels/out_channels backing fields");
        if (NormFeatures?.GetSetMethod(nonPublic: true) is null) missing.Add("NormBase.num_features setter");
        if (SequentialModules is null || SequentialNames is null) missing.Add("Sequential._modules/_names");
        if (Submodules is null) missing.Add("Module._internal_submodules");
        if (missing.Count > 0)
            throw new NotSupportedException(
                $"this TorchSharp ({typeof(nn.Module).Assembly.GetName().Version}) lacks members FasterSharp resizes modules with " +
                $"({string.Join(", ", missing)}); FasterSharp is built for TorchSharp 0.107");
    }

    /// <summary>Sets a convolution's channel counts and groups (after its weight was replaced).</summary>
    public static void SetChannels(Conv2d conv, long inChannels, long outChannels, long groups)
    {
        ConvInChannels!.SetValue(conv, inChannels);
        ConvOutChannels!.SetValue(conv, outChannels);
        conv.groups = groups;
    }

    /// <summary>Sets a BatchNorm's feature count (after its tensors were replaced).</summary>
    public static void SetFeatures(NormBase norm, long features) => NormFeatures!.SetValue(norm, features);

    /// <summary>Checks that <paramref name="child"/>, registered as <paramref name="name"/> in
    /// <paramref name="parent"/>, can be replaced by a module of type <paramref name="replacementType"/>, and
    /// returns how. Changes nothing.</summary>
    /// <exception cref="UnsupportedModelException">The parent holds the child in a field of an incompatible type,
    /// or in a way this class does not know (the message names the module and the field).</exception>
    public static ChildReplacement Plan(nn.Module parent, string name, nn.Module child, Type replacementType, string childPath)
    {
        EnsureAvailable();
        if (parent is Sequential sequential)
        {
            var names = (List<string>)SequentialNames!.GetValue(sequential)!;
            var modules = (System.Collections.IList)SequentialModules!.GetValue(sequential)!;
            var index = names.IndexOf(name);
            if (index < 0 || !ReferenceEquals(modules[index], child))
                throw new UnsupportedModelException(childPath, $"'{childPath}' is not the child '{name}' of its Sequential");
            if (!typeof(nn.IModule<Tensor, Tensor>).IsAssignableFrom(replacementType))
                throw new UnsupportedModelException(childPath, $"a Sequential holds Module<Tensor, Tensor>; {replacementType.Name} is not one");
            return new ChildReplacement(parent, name, index, null);
        }
        if (parent.GetType().IsGenericType)
            throw new UnsupportedModelException(childPath, $"cannot replace a child of a {parent.GetType().Name} (a generic container)");
        var registered = Submodules!.GetValue(parent) as TorchSharp.Utils.OrderedDict<string, nn.Module>;
        if (registered is null || !registered.ContainsKey(name) || !ReferenceEquals(registered[name], child))
            throw new UnsupportedModelException(childPath, $"'{childPath}' is not registered as '{name}' in its parent {parent.GetType().Name}");
        var fields = FieldsOf(parent.GetType()).Where(f => ReferenceEquals(f.GetValue(parent), child)).ToList();
        if (fields.Count == 0)
            throw new UnsupportedModelException(childPath,
                $"{parent.GetType().Name} holds '{name}' in no field, so its forward cannot be redirected to the replacement");
        var wrong = fields.FirstOrDefault(f => !f.FieldType.IsAssignableFrom(replacementType));
        if (wrong is not null)
            throw new UnsupportedModelException(childPath,
                $"{parent.GetType().Name}.{wrong.Name} is declared as {wrong.FieldType.Name}, which cannot hold the replacement " +
                $"{replacementType.Name}; declare it as Module<Tensor, Tensor> so the layer can be replaced");
        return new ChildReplacement(parent, name, -1, fields);
    }

    /// <summary>Puts <paramref name="replacement"/> where the planned child was, keeping the registration order.</summary>
    public static void Apply(ChildReplacement plan, nn.Module replacement)
    {
        if (plan.Parent is Sequential sequential)
        {
            var modules = (System.Collections.IList)SequentialModules!.GetValue(sequential)!;
            modules[plan.SequentialIndex] = replacement;
            return;
        }
        foreach (var field in plan.Fields!) field.SetValue(plan.Parent, replacement);
        var registered = (TorchSharp.Utils.OrderedDict<string, nn.Module>)Submodules!.GetValue(plan.Parent)!;
        registered[plan.Name] = replacement;
    }

    private static IEnumerable<FieldInfo> FieldsOf(Type type)
    {
        for (var t = type; t is not null && t != typeof(nn.Module); t = t.BaseType)
            foreach (var field in t.GetFields(Instance | BindingFlags.DeclaredOnly))
                if (typeof(nn.Module).IsAssignableFrom(field.FieldType) || field.FieldType.IsAssignableFrom(typeof(nn.Module)))
                    yield return field;
    }
}

/// <summary>Where a child module sits in its parent, as found by <see cref="ModuleSurgery.Plan"/>.</summary>
internal sealed record ChildReplacement(nn.Module Parent, string Name, int SequentialIndex, IReadOnlyList<FieldInfo>? Fields);
