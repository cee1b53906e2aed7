namespace FasterSharp.Prune;

/// <summary>The model has a part the structural tools (<see cref="Pruner"/>, <see cref="DependencyGraph"/>,
/// <c>BatchNormFolder</c>, <c>LinearDecomposer</c>) cannot handle safely: a module kind they do not know, a
/// custom module without a flow description, a topology such as a concatenation or shared weights, or a layer
/// that cannot be changed. Thrown before anything is changed: the model is left as it was.</summary>
public sealed class UnsupportedModelException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="moduleName">The dotted name of the module at fault ("" for the model itself).</param>
    /// <param name="reason">What is wrong and, where possible, what to do.</param>
    public UnsupportedModelException(string moduleName, string reason)
        : base($"module '{moduleName}': {reason}")
    {
        ModuleName = moduleName;
        Reason = reason;
    }

    /// <summary>The dotted name of the module at fault ("" for the model itself).</summary>
    public string ModuleName { get; }

    /// <summary>The explanation, without the module name.</summary>
    public string Reason { get; }
}
