namespace FasterSharp.Learning;

/// <summary>A piece of training behaviour hooked on the <see cref="Learner"/>'s events, in fastai's order:
/// BeforeFit, BeforeEpoch, BeforeTrain, BeforeBatch, AfterPred, AfterLoss, BeforeBackward, BeforeStep,
/// AfterStep, AfterBatch, AfterTrain, BeforeValidate, AfterValidate, AfterEpoch, AfterFit. A callback
/// reaches the learner through <see cref="Learn"/>; it can cancel the current batch, epoch, training or
/// validation phase, or the whole fit by throwing the matching <see cref="CancelException"/>.</summary>
public abstract class Callback
{
    private Learner? _learn;

    /// <summary>The learner this callback is attached to.</summary>
    /// <exception cref="InvalidOperationException">The callback is not attached.</exception>
    public Learner Learn
    {
        get => _learn ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a learner");
        internal set => _learn = value;
    }

    /// <summary>The learner, or null when detached.</summary>
    internal Learner? Attached => _learn;

    /// <summary>Detaches the callback from its learner.</summary>
    internal void Detach() => _learn = null;

    /// <summary>Callbacks run in ascending order; ties keep the order they were added in. Default 0.</summary>
    public virtual int Order => 0;

    /// <summary>The name used in logs; the type name without the "Callback" suffix.</summary>
    public virtual string Name => GetType().Name.EndsWith("Callback", StringComparison.Ordinal)
        ? GetType().Name[..^"Callback".Length] : GetType().Name;

    /// <summary>Before the first epoch; the optimizer exists.</summary>
    public virtual void BeforeFit() { }
    /// <summary>At the start of each epoch.</summary>
    public virtual void BeforeEpoch() { }
    /// <summary>Before the training phase of an epoch.</summary>
    public virtual void BeforeTrain() { }
    /// <summary>Before each batch (training and validation); <see cref="Learner.X"/> and <see cref="Learner.Y"/> are set.</summary>
    public virtual void BeforeBatch() { }
    /// <summary>After the forward pass; <see cref="Learner.Pred"/> is set.</summary>
    public virtual void AfterPred() { }
    /// <summary>After the loss; <see cref="Learner.Loss"/> is set.</summary>
    public virtual void AfterLoss() { }
    /// <summary>Before <c>backward</c> (training only).</summary>
    public virtual void BeforeBackward() { }
    /// <summary>After <c>backward</c>, before the optimizer step (training only).</summary>
    public virtual void BeforeStep() { }
    /// <summary>After the optimizer step (training only): the place to re-apply masks.</summary>
    public virtual void AfterStep() { }
    /// <summary>After each batch, also when it was cancelled.</summary>
    public virtual void AfterBatch() { }
    /// <summary>After the training phase.</summary>
    public virtual void AfterTrain() { }
    /// <summary>Before the validation phase.</summary>
    public virtual void BeforeValidate() { }
    /// <summary>After the validation phase.</summary>
    public virtual void AfterValidate() { }
    /// <summary>At the end of each epoch, also when it was cancelled.</summary>
    public virtual void AfterEpoch() { }
    /// <summary>After the last epoch, also when the fit was cancelled (even in an earlier callback's BeforeFit, so
    /// it may run without this callback's BeforeFit having run).</summary>
    public virtual void AfterFit() { }

    /// <summary>Called on every attached callback before a fit's first event, with the number of epochs: a
    /// built-in callback checks its settings against the learner here, so a fit that cannot work is rejected
    /// before anything changes.</summary>
    internal virtual void CheckBeforeFit(int epochs) { }

    /// <summary>Called on every attached callback once the fit's optimizer exists (made for this fit or kept from the
    /// last), after <see cref="CheckBeforeFit"/> and before any event: a callback that needs something of the optimizer
    /// checks it here. When the optimizer was made for this fit and a check throws, the learner drops it again.</summary>
    internal virtual void CheckOptimizer(TorchSharp.torch.optim.Optimizer optimizer) { }

    /// <summary>Called on every attached callback once a fit's checks passed, just before BeforeFit, even when an
    /// earlier callback then cancels the fit in its BeforeFit: reset what describes "the last fit".</summary>
    internal virtual void StartFit() { }

    /// <summary>Called on every attached callback when an exception (not a cancel) ends a fit, since no AfterFit
    /// follows then: release what BeforeFit took.</summary>
    internal virtual void ReleaseAfterFailedFit() { }
}
