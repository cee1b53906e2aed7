namespace TorchSharp.Modules;

using static TorchSharp.torch;

/// <summary>The base of modules that hold no parameters, buffers or submodules (activations, pooling,
/// shape operations): registering any of those throws.</summary>
public abstract class ParameterLessModule<T, TResult> : nn.Module<T, TResult>
{
    /// <summary>Creates a module named <paramref name="name"/>.</summary>
    protected ParameterLessModule(string name) : base(name) { }

    /// <summary>Always throws: this module kind has no buffers.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void register_buffer(string name, Tensor tensor, bool persistent = true) =>
        throw new InvalidOperationException($"{GetName()} is a parameter-less module and cannot hold buffer '{name}'");

    /// <summary>Always throws: this module kind has no parameters.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void register_parameter(string name, Parameter param) =>
        throw new InvalidOperationException($"{GetName()} is a parameter-less module and cannot hold parameter '{name}'");

    /// <summary>Always throws: this module kind has no submodules.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void register_module(string name, nn.Module submodule) =>
        throw new InvalidOperationException($"{GetName()} is a parameter-less module and cannot hold submodule '{name}'");
}
