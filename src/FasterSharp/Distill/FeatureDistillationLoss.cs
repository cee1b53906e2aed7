using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>A distillation loss on intermediate activations: pairs of (student layer, teacher layer) outputs,
/// compared pair by pair and summed over the pairs (as fasterai does). Subclass it for a loss of your own:
/// implement <see cref="PairLoss"/> and <see cref="ShapeProblem"/>.</summary>
public abstract class FeatureDistillationLoss : DistillationLoss
{
    /// <summary>Creates the loss.</summary>
    protected FeatureDistillationLoss() { }

    /// <summary>Whether each pair must have identical per-sample shapes (so that automatic layer matching
    /// pairs layers by channels too, not only by spatial size).</summary>
    public virtual bool NeedsEqualShapes => false;

    /// <summary>Trainable parameters the loss owns (FitNet's adapters), trained with the student; empty by default.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The loss of one batch: Σ over pairs i of the pair loss of (student[i], teacher[i]).</summary>
    /// <param name="student">The student layers' outputs, one per pair, each [batch, …], with gradient.</param>
    /// <param name="teacher">The teacher layers' outputs, in the same order.</param>
    /// <exception cref="ArgumentException">Empty or different-length lists, different batch sizes, or a pair
    /// whose shapes this loss cannot compare.</exception>
    public Tensor Forward(IReadOnlyList<Tensor> student, IReadOnlyList<Tensor> teacher)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        if (student.Count == 0) throw new ArgumentException($"{Name} needs at least one pair of activations", nameof(student));
        if (student.Count != teacher.Count)
            throw new ArgumentException($"{Name}: {student.Count} student activations but {teacher.Count} teacher activations", nameof(teacher));
        Tensor? total = null;
        for (var i = 0; i < student.Count; i++)
        {
            var s = student[i] ?? throw new ArgumentNullException(nameof(student), $"activation {i} is null");
            var t = teacher[i] ?? throw new ArgumentNullException(nameof(teacher), $"activation {i} is null");
            if (s.dim() < 2 || t.dim() < 2 || s.shape[0] != t.shape[0])
                throw new ArgumentException(
                    $"{Name}: pair {i} needs activations [batch, …] with the same batch; got {Shapes.Format(s.shape)} and {Shapes.Format(t.shape)}", nameof(teacher));
            var problem = ShapeProblem(i, s.shape[1..], t.shape[1..]);
            if (problem is not null) throw new ArgumentException($"{Name}: pair {i}: {problem}", nameof(teacher));
            var loss = PairLoss(i, s, t);
            total = total is null ? loss : total + loss;
        }
        return total!;
    }

    /// <summary>Checks every pair before training and prepares what the loss needs per pair (FitNet creates
    /// its adapters here, on <paramref name="device"/> with <paramref name="dtype"/>).</summary>
    /// <param name="pairs">The layer pairs with their per-sample output shapes.</param>
    /// <param name="device">The device of the student's activations.</param>
    /// <param name="dtype">The dtype of the student's activations.</param>
    /// <exception cref="ArgumentException">No pairs, or pairs this loss cannot compare; the message names every
    /// bad pair's layers and shapes.</exception>
    public void Prepare(IReadOnlyList<FeatureLayerPair> pairs, Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(device);
        if (pairs.Count == 0) throw new ArgumentException($"{Name} needs at least one pair of layers", nameof(pairs));
        var bad = new List<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i] ?? throw new ArgumentNullException(nameof(pairs), $"pair {i} is null");
            var problem = StaticShapeProblem(pair.StudentShape.ToArray(), pair.TeacherShape.ToArray());
            if (problem is not null) bad.Add($"student layer '{pair.StudentLayer}' {Shapes.Format(pair.StudentShape)} and teacher layer " +
                                             $"'{pair.TeacherLayer}' {Shapes.Format(pair.TeacherShape)}: {problem}");
        }
        if (bad.Count > 0) throw new ArgumentException($"{Name} cannot compare {string.Join("; ", bad)}", nameof(pairs));
        OnPrepare(pairs, device, dtype);
    }

    /// <summary>Null when this loss can compare a pair with these per-sample shapes at all (for FitNet: with an
    /// adapter), otherwise why not.</summary>
    protected abstract string? StaticShapeProblem(long[] student, long[] teacher);

    /// <summary>Null when pair <paramref name="index"/> can be compared now (for FitNet: its adapter exists when
    /// shapes differ); by default the same as <see cref="StaticShapeProblem"/>.</summary>
    protected virtual string? ShapeProblem(int index, long[] student, long[] teacher) => StaticShapeProblem(student, teacher);

    /// <summary>Prepares per-pair state after the pairs were checked; nothing by default.</summary>
    protected virtual void OnPrepare(IReadOnlyList<FeatureLayerPair> pairs, Device device, ScalarType dtype) { }

    /// <summary>The loss of pair <paramref name="index"/>; the shapes were checked.</summary>
    protected abstract Tensor PairLoss(int index, Tensor student, Tensor teacher);
}
