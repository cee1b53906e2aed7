using static TorchSharp.torch.optim;

namespace TorchSharp.Modules;

/// <summary>A group of parameters optimized with the same options (learning rate, momentum, ...).</summary>
public class ParamGroup : ILearningRateController
{
    /// <summary>The parameters of the group. The optimizer takes a snapshot of this sequence when the
    /// group is added; replacing it afterwards does not change what the optimizer updates.</summary>
    public IEnumerable<Parameter> Parameters { get; set; } = Array.Empty<Parameter>();

    /// <summary>The options of the group; null or unset fields take the optimizer's defaults when the group is added.</summary>
    public OptimizerOptions? Options { get; set; }

    /// <summary>The group's current learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    /// <exception cref="InvalidOperationException">Read before the group has options.</exception>
    public double LearningRate
    {
        get => RequireOptions().LearningRate ?? throw new InvalidOperationException("the parameter group has no learning rate yet; add it to an optimizer first");
        set
        {
            OptimizerChecks.LearningRate(value, nameof(LearningRate));
            (Options ??= CreateDefaultOptions()).LearningRate = value;
        }
    }

    /// <summary>The learning rate the group was added with; learning-rate schedulers scale it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    public double InitialLearningRate
    {
        get => RequireOptions().InitialLearningRate;
        set
        {
            OptimizerChecks.LearningRate(value, nameof(InitialLearningRate));
            (Options ??= CreateDefaultOptions()).InitialLearningRate = value;
        }
    }

    /// <summary>An empty options object of the type this group uses.</summary>
    private protected virtual OptimizerOptions CreateDefaultOptions() => new();

    private protected OptimizerOptions RequireOptions() =>
        Options ?? throw new InvalidOperationException("the parameter group has no options yet; add it to an optimizer first");
}

/// <summary>A parameter group whose options have the type <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">The options type of the optimizer the group is meant for.</typeparam>
public class ParamGroup<TOptions> : ParamGroup where TOptions : OptimizerOptions, new()
{
    /// <summary>An empty group; set <see cref="ParamGroup.Parameters"/> before adding it.</summary>
    public ParamGroup() { }

    /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/> (null: the optimizer's defaults).</summary>
    public ParamGroup(IEnumerable<Parameter> parameters, TOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        base.Options = options;
    }

    /// <summary>The options (hyper-parameters) of the group.</summary>
    public new TOptions? Options
    {
        get => (TOptions?)base.Options;
        set => base.Options = value;
    }

    private protected override OptimizerOptions CreateDefaultOptions() => new TOptions();

    /// <summary>The options, created empty when missing, for the typed accessors of derived groups.</summary>
    private protected TOptions EnsureOptions() => (TOptions)(base.Options ??= new TOptions());
}
