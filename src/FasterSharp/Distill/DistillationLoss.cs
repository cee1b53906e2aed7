namespace FasterSharp.Distill;

/// <summary>A knowledge-distillation loss: how far the student is from the teacher. Two kinds exist:
/// <see cref="OutputDistillationLoss"/> compares the models' outputs (logits), <see cref="FeatureDistillationLoss"/>
/// compares intermediate activations of named layers. <see cref="KnowledgeDistillationCallback"/> mixes either
/// with the task loss as (1 − w)·task + w·KD.</summary>
public abstract class DistillationLoss
{
    private protected DistillationLoss() { }

    /// <summary>A short name for logs and tables (e.g. "SoftTarget(T=5)").</summary>
    public abstract string Name { get; }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
