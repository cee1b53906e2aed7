using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>FitNets' hint loss: the mean squared error between the student's activation (through a learned
/// adapter r when shapes differ) and the teacher's, L = (1/N) Σ (r(F_s) − F_t)², summed over the pairs. When
/// the channel counts differ (same height × width) the adapter r is a 1×1 convolution from the student's
/// channels to the teacher's; for flat activations [batch, features] it is a Linear layer. Adapters are created
/// by <see cref="FeatureDistillationLoss.Prepare"/> (the <see cref="KnowledgeDistillationCallback"/> does it
/// before the first batch and adds them to the learner's optimizer, so they train with the student); pairs with
/// equal shapes get none. Zero when the student's activations equal the teacher's. The loss keeps every adapter it
/// made, by layer pair, shapes, device and dtype, and never disposes one: an optimizer may still hold it (another learner
/// sharing the loss, or this one before its student was pruned), and preparing those shapes again brings back the
/// adapter trained for them. fasterai's <c>FitNet</c> has
/// no adapter (its pairs must have equal shapes); <c>adapt: false</c> behaves like it.
/// Reference: A. Romero, N. Ballas, S. E. Kahou, A. Chassang, C. Gatta, Y. Bengio, "FitNets: Hints for Thin
/// Deep Nets", ICLR 2015, arXiv:1412.6550 (the "regressor" on the guided layer).</summary>
public sealed class FitNetLoss : FeatureDistillationLoss
{
    private readonly List<nn.Module<Tensor, Tensor>?> _adapters = [];
    private readonly List<(long[] Student, long[] Teacher)> _preparedShapes = [];
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _made = new(StringComparer.Ordinal);

    /// <summary>Creates the loss.</summary>
    /// <param name="adapt">Learn an adapter for pairs whose channel (or feature) counts differ; default true.
    /// With false, every pair must have identical shapes.</param>
    public FitNetLoss(bool adapt = true) => Adapt = adapt;

    /// <summary>Whether pairs with different channel counts get a learned adapter.</summary>
    public bool Adapt { get; }

    /// <inheritdoc />
    public override string Name => Adapt ? "FitNet" : "FitNet(no adapter)";

    /// <summary>The adapter of each prepared pair (null where the shapes are equal), in pair order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>?> Adapters => _adapters;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters =>
        _adapters.Where(a => a is not null).SelectMany(a => a!.parameters()).ToList();

    /// <inheritdoc />
    protected override string? StaticShapeProblem(long[] student, long[] teacher)
    {
        if (student.SequenceEqual(teacher)) return null;
        if (!Adapt) return "shapes differ and the adapter is off (FitNetLoss(adapt: true) learns a 1×1 adapter for different channel counts)";
        if (student.Length == 3 && teacher.Length == 3)
            return student[1] == teacher[1] && student[2] == teacher[2]
                ? null : "height × width differ; the 1×1 adapter maps channels only";
        if (student.Length == 1 && teacher.Length == 1) return null;
        return "shapes differ and are neither [channels, height, width] with equal height × width nor [features]";
    }

    /// <inheritdoc />
    protected override string? ShapeProblem(int index, long[] student, long[] teacher)
    {
        var problem = StaticShapeProblem(student, teacher);
        if (problem is not null || student.SequenceEqual(teacher)) return problem;
        if (index >= _preparedShapes.Count || _adapters[index] is null
            || !_preparedShapes[index].Student.SequenceEqual(student) || !_preparedShapes[index].Teacher.SequenceEqual(teacher))
            return $"shapes {Shapes.Format(student)} and {Shapes.Format(teacher)} differ and no adapter was prepared for them (call Prepare first)";
        return null;
    }

    /// <inheritdoc />
    protected override void OnPrepare(IReadOnlyList<FeatureLayerPair> pairs, Device device, ScalarType dtype)
    {
        _adapters.Clear();
        _preparedShapes.Clear();
        foreach (var pair in pairs)
        {
            var (student, teacher) = (pair.StudentShape.ToArray(), pair.TeacherShape.ToArray());
            _preparedShapes.Add((student, teacher));
            if (student.SequenceEqual(teacher))
            {
                _adapters.Add(null);
                continue;
            }
            var key = $"{pair.StudentLayer} {Shapes.Format(student)} → {pair.TeacherLayer} {Shapes.Format(teacher)} on {device} as {dtype}";
            if (!_made.TryGetValue(key, out var adapter))
            {
                adapter = student.Length == 3
                    ? nn.Conv2d(student[0], teacher[0], 1, device: device, dtype: dtype)
                    : nn.Linear(student[0], teacher[0], device: device, dtype: dtype);
                _made[key] = adapter;
            }
            _adapters.Add(adapter);
        }
    }

    /// <inheritdoc />
    protected override Tensor PairLoss(int index, Tensor student, Tensor teacher)
    {
        var adapter = index < _adapters.Count && !student.shape[1..].SequenceEqual(teacher.shape[1..]) ? _adapters[index] : null;
        return nn.functional.mse_loss(adapter is null ? student : adapter.call(student), teacher);
    }
}
