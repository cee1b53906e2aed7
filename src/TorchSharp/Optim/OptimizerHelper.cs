using System.IO;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace TorchSharp.Modules;

/// <summary>The machinery shared by the managed optimizers: parameter groups with per-group options,
/// per-parameter state, <see cref="zero_grad"/>, the step loop and state save/load.</summary>
public abstract class OptimizerHelper : Optimizer
{
    /// <summary>The parameters of each group, fixed when the group was added (same order as <see cref="Optimizer._parameter_groups"/>).</summary>
    private readonly List<Parameter[]> _groupParameters = new();

    /// <summary>The state of each parameter, aligned with <see cref="_groupParameters"/>.</summary>
    private readonly List<OptimizerState[]> _groupStates = new();

    private bool _disposed;

    /// <summary>Creates an optimizer whose unset group options take <paramref name="defaults"/>.</summary>
    private protected OptimizerHelper(OptimizerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = defaults;
    }

    /// <summary>The options used for whatever a parameter group leaves unset.</summary>
    protected OptimizerOptions _defaults;

    /// <summary>The parameter-group type this optimizer accepts.</summary>
    private protected abstract Type GroupType { get; }

    /// <summary>A new, initialized state for <paramref name="parameter"/>.</summary>
    private protected abstract OptimizerState CreateState(Parameter parameter, OptimizerOptions options);

    /// <summary>Updates the parameters of one group. Runs under no_grad; every parameter has a gradient.</summary>
    private protected abstract void UpdateParameter(Parameter parameter, Tensor grad, OptimizerState state, OptimizerOptions options);

    /// <summary>Adds the groups given to a constructor, checking all of them before adding any.</summary>
    private protected void AddInitialGroups(IEnumerable<ParamGroup> groups, string paramName)
    {
        ArgumentNullException.ThrowIfNull(groups, paramName);
        var list = groups.ToList();
        if (list.Count == 0) throw new ArgumentException("the optimizer got an empty list of parameter groups", paramName);
        var seen = new ParameterSet();
        var prepared = list.Select(g => Prepare(g, seen, paramName)).ToList();
        for (var i = 0; i < list.Count; i++) Commit(list[i], prepared[i]);
    }

    /// <summary>Adds a parameter group, e.g. layers unfrozen during fine-tuning. Unset options take the optimizer's defaults.</summary>
    /// <param name="param_group">A group of this optimizer's parameter-group type (e.g. <c>SGD.ParamGroup</c>).</param>
    /// <exception cref="ArgumentException">The group has another type, no parameters, a parameter listed twice or already
    /// in another group, a non-leaf tensor, or invalid options. Nothing changes then.</exception>
    public override void add_param_group(ParamGroup param_group)
    {
        ThrowIfDisposed();
        var seen = new ParameterSet();
        foreach (var ps in _groupParameters) foreach (var p in ps) seen.Add(p);
        var prepared = Prepare(param_group, seen, nameof(param_group));
        Commit(param_group, prepared);
    }

    private Parameter[] Prepare(ParamGroup group, ParameterSet seen, string paramName)
    {
        ArgumentNullException.ThrowIfNull(group, paramName);
        if (!GroupType.IsInstanceOfType(group))
            throw new ArgumentException($"{GetType().Name} takes parameter groups of type {GroupType.FullName}, got {group.GetType().FullName}", paramName);
        if (group.Parameters is null) throw new ArgumentException("the parameter group has no parameter list", paramName);
        var parameters = group.Parameters.ToArray();
        if (parameters.Length == 0) throw new ArgumentException("the optimizer got an empty parameter list", paramName);
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"parameter {i} of the group is null", paramName);
            if (p.IsInvalid) throw new ArgumentException($"parameter {i} of the group was disposed", paramName);
            if (!p.is_leaf) throw new ArgumentException($"parameter {i} of the group is not a leaf tensor; an optimizer can only update leaves", paramName);
            if (!seen.Add(p))
                throw new ArgumentException($"parameter {i} of the group (shape [{string.Join(", ", p.shape)}]) appears more than once in the optimizer's parameter groups", paramName);
        }
        var options = group.Options ?? CreateOptions();
        if (options.GetType() != _defaults.GetType())
            throw new ArgumentException($"{GetType().Name} takes options of type {_defaults.GetType().FullName}, got {options.GetType().FullName}", paramName);
        options.Check(_defaults);
        return parameters;
    }

    private void Commit(ParamGroup group, Parameter[] parameters)
    {
        var options = group.Options ?? CreateOptions();
        options.FillFrom(_defaults);
        options.InitialLearningRate = options.LearningRate!.Value;
        group.Options = options;
        _parameter_groups.Add(group);
        _groupParameters.Add(parameters);
        _groupStates.Add(parameters.Select(p => CreateState(p, options)).ToArray());
    }

    private OptimizerOptions CreateOptions() => (OptimizerOptions)Activator.CreateInstance(_defaults.GetType())!;

    /// <summary>The parameters the optimizer updates, group by group.</summary>
    public override IEnumerable<Parameter> parameters() => _groupParameters.SelectMany(ps => ps);

    /// <summary>Sets the gradient of every parameter to zero in place (PyTorch 1.13's default, <c>set_to_none=False</c>);
    /// parameters without a gradient are skipped.</summary>
    public override void zero_grad()
    {
        ThrowIfDisposed();
        using var _ = no_grad();
        foreach (var ps in _groupParameters)
            foreach (var p in ps)
            {
                using var grad = p.grad;
                if (grad is not null) OptimizerMath.ZeroInPlace(grad);
            }
    }

    /// <summary>Performs one optimization step: updates, in place and without recording gradients, every parameter
    /// that has a gradient, with its group's current options. Temporaries are disposed before it returns.</summary>
    /// <param name="closure">Optional function that re-evaluates the model and returns the loss; it runs with gradients enabled first.</param>
    /// <returns>The loss returned by <paramref name="closure"/>, or null without one.</returns>
    public override Tensor? step(Func<Tensor>? closure = null)
    {
        ThrowIfDisposed();
        Tensor? loss = null;
        if (closure is not null)
            using (enable_grad())
                loss = closure();

        using var _ = no_grad();
        for (var g = 0; g < _groupParameters.Count; g++)
        {
            var options = _parameter_groups[g].Options!;
            var parameters = _groupParameters[g];
            var states = _groupStates[g];
            for (var i = 0; i < parameters.Length; i++)
            {
                using var scope = NewDisposeScope();
                var grad = parameters[i].grad;
                if (grad is null) continue;
                UpdateParameter(parameters[i], grad, states[i], options);
            }
        }
        return loss;
    }

    /// <summary>The options of each group and the state of each parameter. The entries are the optimizer's live
    /// objects (as in TorchSharp): they change with every step. Save a snapshot with <see cref="save_state_dict(BinaryWriter)"/>.</summary>
    public virtual StateDictionary state_dict()
    {
        var dict = new StateDictionary();
        var index = 0;
        for (var g = 0; g < _groupParameters.Count; g++)
        {
            dict.Options.Add(_parameter_groups[g].Options!);
            var refs = new List<int>();
            foreach (var state in _groupStates[g])
            {
                refs.Add(index++);
                dict.State.Add(state);
            }
            dict.StateIndexRef.Add(refs);
        }
        return dict;
    }

    /// <summary>Copies options and per-parameter state from <paramref name="state_dict"/> (from <see cref="state_dict()"/>
    /// of an optimizer of the same type over parameters of the same shapes). Tensors are copied, not shared.</summary>
    /// <exception cref="ArgumentException">The group or parameter counts, types or shapes differ; nothing changes then.</exception>
    public virtual void load_state_dict(StateDictionary state_dict)
    {
        ArgumentNullException.ThrowIfNull(state_dict);
        ThrowIfDisposed();
        var own = this.state_dict();
        if (state_dict.Options.Count != own.Options.Count)
            throw new ArgumentException($"the state has {state_dict.Options.Count} parameter groups but the optimizer has {own.Options.Count}", nameof(state_dict));
        if (state_dict.State.Count != own.State.Count)
            throw new ArgumentException($"the state has {state_dict.State.Count} parameter states but the optimizer has {own.State.Count} parameters", nameof(state_dict));
        for (var i = 0; i < own.Options.Count; i++)
        {
            var source = state_dict.Options[i] ?? throw new ArgumentException($"options {i} are null", nameof(state_dict));
            if (source.GetType() != own.Options[i].GetType())
                throw new ArgumentException($"options {i} are {source.GetType().FullName}, expected {own.Options[i].GetType().FullName}", nameof(state_dict));
            source.Check(_defaults);
        }
        for (var i = 0; i < own.State.Count; i++) own.State[i].CheckLoadable(state_dict.State[i], nameof(state_dict));

        for (var i = 0; i < own.Options.Count; i++)
            if (!ReferenceEquals(own.Options[i], state_dict.Options[i])) own.Options[i].LoadStateDict(state_dict.Options[i]);
        for (var i = 0; i < own.State.Count; i++)
            if (!ReferenceEquals(own.State[i], state_dict.State[i])) own.State[i].LoadStateDict(state_dict.State[i]);
    }

    /// <summary>Writes the optimizer's type name, its group options and its per-parameter state to a file
    /// (TorchSharp's optimizer-state format; PyTorch cannot read it).</summary>
    public void save_state_dict(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var temporary = location + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
            save_state_dict(writer);
        File.Move(temporary, location, overwrite: true);
    }

    /// <summary>Writes the optimizer's type name, its group options and its per-parameter state to <paramref name="writer"/>.</summary>
    public void save_state_dict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ThrowIfDisposed();
        var sd = state_dict();
        writer.Write(GetType().Name);
        OptimizerStateFormat.Encode(writer, sd.Options.Count);
        OptimizerStateFormat.Encode(writer, sd.State.Count);
        foreach (var options in sd.Options) options.SaveStateDict(writer);
        foreach (var state in sd.State) state.SaveStateDict(writer);
        writer.Flush();
    }

    /// <summary>Restores what <see cref="save_state_dict(string)"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The file belongs to another optimizer type, has other group or parameter
    /// counts or shapes, or is truncated. The optimizer is unchanged then.</exception>
    public void load_state_dict(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        using var stream = File.OpenRead(location);
        using var reader = new BinaryReader(stream);
        load_state_dict(reader);
    }

    /// <summary>Restores what <see cref="save_state_dict(BinaryWriter)"/> wrote. Everything is read and checked
    /// before the optimizer changes.</summary>
    /// <exception cref="InvalidDataException">The stream belongs to another optimizer type, has other group or parameter
    /// counts or shapes, or is truncated. The optimizer is unchanged then.</exception>
    public void load_state_dict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ThrowIfDisposed();
        var loaded = new StateDictionary();
        try
        {
            var name = reader.ReadString();
            if (name != GetType().Name)
                throw new InvalidDataException($"the optimizer state was saved by {name}, not {GetType().Name}");
            var own = state_dict();
            var optionCount = OptimizerStateFormat.Decode(reader);
            var stateCount = OptimizerStateFormat.Decode(reader);
            if (optionCount != own.Options.Count)
                throw new InvalidDataException($"the optimizer state has {optionCount} parameter groups but the optimizer has {own.Options.Count}");
            if (stateCount != own.State.Count)
                throw new InvalidDataException($"the optimizer state has {stateCount} parameter states but the optimizer has {own.State.Count} parameters");
            foreach (var options in own.Options)
            {
                var copy = CreateOptions();
                copy.LoadStateDict(reader);
                loaded.Options.Add(copy);
            }
            for (var g = 0; g < _groupParameters.Count; g++)
                foreach (var p in _groupParameters[g])
                {
                    var state = CreateState(p, own.Options[g]);
                    loaded.State.Add(state);
                    state.LoadStateDict(reader);
                }
            try
            {
                load_state_dict(loaded);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException(e.Message, e);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the optimizer state ends early", e);
        }
        finally
        {
            foreach (var state in loaded.State) (state as IDisposable)?.Dispose();
        }
    }

    /// <summary>Disposes the state tensors.</summary>
    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing)
            foreach (var states in _groupStates)
                foreach (var state in states)
                    (state as IDisposable)?.Dispose();
        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>A set of parameters compared by native tensor identity (two handles to one tensor are the same parameter).</summary>
    private sealed class ParameterSet
    {
        private readonly Dictionary<IntPtr, List<Parameter>> _byData = new();

        internal bool Add(Parameter p)
        {
            var key = Native.NativeMethods.ts_tensor_data_ptr(p.Handle);
            if (!_byData.TryGetValue(key, out var list)) _byData[key] = list = new List<Parameter>();
            foreach (var q in list)
                if (ReferenceEquals(p, q) || p.is_same(q)) return false;
            list.Add(p);
            return true;
        }
    }
}
