namespace TorchSharp.Utils;

/// <summary>Gives a module field the name it registers under (in <c>RegisterComponents()</c>, the state
/// dictionary and saved files) instead of the field's own name, as in TorchSharp.</summary>
[AttributeUsage(AttributeTargets.Field)]
public class ComponentNameAttribute : Attribute
{
    /// <summary>The name to register the field's value under.</summary>
    public string Name { get; set; } = "";
}
