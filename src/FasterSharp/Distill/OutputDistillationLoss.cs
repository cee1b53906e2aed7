using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>A distillation loss on the models' outputs: student and teacher logits of shape [batch, classes]
/// (and, for losses that need them, the class-index targets). Subclass it for a loss of your own.</summary>
public abstract class OutputDistillationLoss : DistillationLoss
{
    /// <summary>Creates the loss.</summary>
    protected OutputDistillationLoss() { }

    /// <summary>Whether <see cref="Forward"/> needs the targets (class indices).</summary>
    public virtual bool NeedsTargets => false;

    /// <summary>The loss of one batch, a scalar with the student's gradient.</summary>
    /// <param name="student">The student's logits [batch, classes].</param>
    /// <param name="teacher">The teacher's logits, same shape (no gradient needed).</param>
    /// <param name="target">Class indices [batch] (int64, each in [0, classes)); required when
    /// <see cref="NeedsTargets"/>, ignored otherwise.</param>
    /// <exception cref="ArgumentException">Shapes that differ or are not [batch, classes]; missing or bad targets.</exception>
    public Tensor Forward(Tensor student, Tensor teacher, Tensor? target = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        var problem = ShapeProblem(student.shape, teacher.shape);
        if (problem is not null) throw new ArgumentException($"{Name}: {problem}", nameof(teacher));
        if (NeedsTargets) CheckTargets(target, student.shape);
        return Compute(student, teacher, target);
    }

    /// <summary>Computes the loss; the arguments were checked.</summary>
    protected abstract Tensor Compute(Tensor student, Tensor teacher, Tensor? target);

    /// <summary>Null when the loss can compare outputs of these shapes (with the batch dimension), otherwise
    /// why not. By default both must be [batch, classes] with the same shape.</summary>
    public virtual string? ShapeProblem(long[] student, long[] teacher)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        if (student.Length != 2 || teacher.Length != 2)
            return $"needs outputs of shape [batch, classes]; the student gives {Shapes.Format(student)}, the teacher {Shapes.Format(teacher)}";
        if (!student.SequenceEqual(teacher))
            return $"student output {Shapes.Format(student)} and teacher output {Shapes.Format(teacher)} differ";
        return null;
    }

    private void CheckTargets(Tensor? target, long[] outputShape)
    {
        if (target is null) throw new ArgumentNullException(nameof(target), $"{Name} needs the targets (class indices)");
        if (target.dtype != ScalarType.Int64 || target.dim() != 1 || target.shape[0] != outputShape[0])
            throw new ArgumentException(
                $"{Name} needs targets as int64 class indices of shape [{outputShape[0]}]; got {target.dtype} {Shapes.Format(target.shape)}", nameof(target));
        if (target.numel() == 0) return;
        using var minTensor = target.min();
        using var maxTensor = target.max();
        var min = minTensor.item<long>();
        var max = maxTensor.item<long>();
        if (min < 0 || max >= outputShape[1])
            throw new ArgumentOutOfRangeException(nameof(target), $"{Name}: class indices must be in [0, {outputShape[1]}); found {(min < 0 ? min : max)}");
    }
}
