using TorchSharp.Modules;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>The model's parameters when <see cref="Optimizer"/> was made over them; null while there is none.</summary>
    private ParameterSnapshot? _optimizerParameters;

    /// <summary>Makes the optimizer of the first fit over the model's parameters.</summary>
    private void CreateOptimizer(double lr)
    {
        // A list, not the model's lazy parameters(): TorchSharp's optimizers keep the enumerable they are given and
        // walk it again at every step, so a lazy one would hand them parameters they hold no state for.
        var parameters = Model.parameters().ToList();
        Optimizer = OptimizerFactory(parameters, lr)
            ?? throw new InvalidOperationException("the optimizer factory returned null; it must return an optimizer over the parameters it is given");
        _optimizerParameters = new ParameterSnapshot(parameters);
    }

    /// <summary>The optimizer for a fit: made at the first fit, replaced if the model's parameters changed, then checked
    /// by the callbacks; one made here is dropped again when a check refuses it, so a refused fit leaves none.</summary>
    private void PrepareOptimizer(double lr)
    {
        var created = Optimizer is null;
        if (created) CreateOptimizer(lr);
        else RefreshOptimizerIfModelChanged(thorough: true);
        try
        {
            // Without a parameter group, the learning rate could not be set, and the Recorder would fail reading it
            // after the first step.
            if (Optimizer!.ParamGroups?.Any() != true)
                throw new InvalidOperationException(
                    $"the optimizer factory made a {Optimizer.GetType().Name} with no parameter group; the learner and its schedules set the " +
                    "learning rate and momentum through parameter groups (every TorchSharp optimizer but LBFGS has them)");
            foreach (var cb in _callbacks.ToArray()) cb.CheckOptimizer(Optimizer);
        }
        catch when (created)
        {
            Optimizer!.Dispose();
            Optimizer = null;
            _optimizerParameters = null;
            throw;
        }
    }

    /// <summary>Takes <paramref name="optimizer"/>, made over the model's current parameters (by <see cref="Load"/>).</summary>
    private void AdoptOptimizer(TorchSharp.torch.optim.Optimizer optimizer, IEnumerable<Parameter> parameters)
    {
        Optimizer = optimizer;
        _optimizerParameters = new ParameterSnapshot(parameters);
    }

    /// <summary>Whether the optimizer (if any) was made over the model's current parameters.</summary>
    private bool OptimizerMatchesModel() => _optimizerParameters is { } made && made.Matches(Model.parameters().ToList());

    /// <summary>Before a step (and before each fit, Save and Load): when the model's parameters are no longer the ones
    /// the optimizer was made over — a Pruner, BatchNormFolder or LinearDecomposer replaced layers, between fits or from
    /// a callback — or a parameter it holds was disposed, the optimizer could not step them (TorchSharp fails with a
    /// KeyNotFoundException after stepping the parameters before them). Then a new one is made through the
    /// <see cref="OptimizerFactory"/>, with the current learning rate and momentum, and the change is said once.</summary>
    /// <param name="thorough">Before a fit, Save and Load rather than a step: also compare the parameters' shapes, and
    /// look for disposed parameters among those the optimizer holds besides the model's (a callback's, such as FitNet's
    /// adapters). Between steps only the parameter objects are compared (no native call): tens of microseconds for a
    /// ResNet-18, against milliseconds for the step itself.</param>
    private void RefreshOptimizerIfModelChanged(bool thorough)
    {
        if (Optimizer is not { } old || _optimizerParameters is not { } made) return;
        var current = Model.parameters().ToList();
        var modelChanged = !made.Matches(current, checkShapes: thorough);
        if (!modelChanged && !(thorough && HeldParameters(old).Any(p => p.IsInvalid))) return;

        var now = current.ToHashSet<Parameter>(ReferenceEqualityComparer.Instance);
        var held = HeldParameters(old).Distinct<Parameter>(ReferenceEqualityComparer.Instance).ToList();
        // Parameters a callback added to the optimizer (not the model's, then or now) keep training, unless disposed.
        var added = held.Where(p => !made.Contains(p) && !now.Contains(p)).ToList();
        var disposed = added.Count(p => p.IsInvalid);
        var parameters = current.Concat(added.Where(p => !p.IsInvalid)).ToList();

        var lr = old.ParamGroups?.Any() == true ? OptimizerHyperParameters.GetLearningRate(old) : (double?)null;
        var momentum = OptimizerHyperParameters.GetMomentum(old);
        var created = OptimizerFactory(parameters, lr ?? 1e-3)
            ?? throw new InvalidOperationException("the optimizer factory returned null; it must return an optimizer over the parameters it is given");
        if (ReferenceEquals(created, old))
            throw new InvalidOperationException(
                "the model's parameters changed since the optimizer was made, and the optimizer factory returned that same optimizer; " +
                "it must create a new optimizer over the parameters it is given");
        if (lr is { } rate) OptimizerHyperParameters.SetLearningRate(created, rate);
        if (momentum is { } m && created.GetType() == old.GetType()) OptimizerHyperParameters.SetMomentum(created, m);

        Optimizer = created;
        _optimizerParameters = new ParameterSnapshot(current);
        old.Dispose();
        var why = modelChanged
            ? $"the model's parameters changed since the optimizer was made ({made.Describe(current)}" +
              (disposed > 0 ? $"; {disposed} other parameter{(disposed == 1 ? "" : "s")} it held disposed)" : ")")
            : $"{disposed} parameter{(disposed == 1 ? "" : "s")} the optimizer held besides the model's {(disposed == 1 ? "was" : "were")} disposed";
        Console.Out.WriteLine($"Learner: {why}; a new optimizer was created with the same learning rate and momentum " +
                              "(its running state, such as Adam's moments, starts afresh)");
    }

    /// <summary>Every parameter in the optimizer's groups (none for an optimizer without TorchSharp parameter groups).</summary>
    private static IEnumerable<Parameter> HeldParameters(TorchSharp.torch.optim.Optimizer optimizer) =>
        optimizer.ParamGroups?.OfType<ParamGroup>().SelectMany(g => g.Parameters ?? []) ?? [];
}
