using System.Collections;
using System.Reflection;
using static TorchSharp.torch;

namespace FasterSharp.Tests;

/// <summary>Looks at a module from outside: its parameters and buffers as bytes, and the hooks registered on it, so a
/// test can check that a tool left a model as it found it without trusting what the tool reports.</summary>
internal static class ModuleInspection
{
    /// <summary>Every parameter and buffer as raw bytes, by name.</summary>
    public static Dictionary<string, byte[]> Bytes(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.cpu().contiguous().bytes.ToArray());

    /// <summary>Asserts that every parameter and buffer of <paramref name="model"/> still has the bytes of <paramref name="before"/>.</summary>
    public static void AssertBitIdentical(Dictionary<string, byte[]> before, nn.Module model)
    {
        var after = Bytes(model);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var key in before.Keys) Assert.True(before[key].AsSpan().SequenceEqual(after[key]), $"{key} changed");
    }

    /// <summary>The forward hooks registered on the model and all its sub-modules, read from TorchSharp's private
    /// hook tables (so the count does not depend on anything a tool reports about itself).</summary>
    public static int ForwardHookCount(nn.Module model) =>
        new[] { model }.Concat(model.modules()).Sum(m => HookTable(m, "post_hooks") + HookTable(m, "module_post_hooks"));

    /// <summary>The forward pre- and post-hooks on the model and all its sub-modules, from the same tables.</summary>
    public static int HookCount(nn.Module model) =>
        ForwardHookCount(model) + new[] { model }.Concat(model.modules()).Sum(m => HookTable(m, "pre_hooks") + HookTable(m, "module_pre_hooks"));

    private static int HookTable(nn.Module module, string field)
    {
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            var info = type.GetField(field, BindingFlags.Instance | BindingFlags.NonPublic);
            if (info is not null) return ((ICollection)info.GetValue(module)!).Count;
        }
        return 0;
    }
}
