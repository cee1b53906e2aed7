using System.Globalization;
using FasterSharp.Data;
using FasterSharp.Learning;
using FasterSharp.Sparse;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Trains the learner's model (the student) to imitate a teacher (fasterai's
/// KnowledgeDistillationCallback): on every training batch the loss becomes
/// (1 − w)·task + w·KD, where task is the learner's loss, KD the distillation <see cref="Loss"/> between student
/// and teacher, and w the <see cref="Weight"/> (times the <see cref="Schedule"/>'s value, when there is one).
/// The teacher runs in eval mode under no_grad and is never updated; its training mode is restored after the fit.
/// A <see cref="FeatureDistillationLoss"/> gets the activations of the named layers through forward hooks, which
/// are removed after the fit however it ends (completed, cancelled or failed). Without named layers, the layers
/// are paired by <see cref="FeatureLayerMatching.ByOutputShape"/>. Before the first batch, one small validation
/// batch runs through both models and the loss, so unknown layers, shapes the loss cannot compare and a teacher
/// that cannot take the data (or gives NaN or ∞ on it) fail with a message naming the layers, before any weight
/// changes; a teacher that gives NaN or ∞ on a later training batch stops the fit with an
/// <see cref="InvalidOperationException"/> before that batch is stepped. During validation
/// the loss is the task loss alone, so valid_loss compares with a student trained without distillation (fasterai
/// mixes KD into the validation loss too).</summary>
public sealed class KnowledgeDistillationCallback : Callback
{
    private const int ProbeSamples = 8;
    private readonly string[]? _studentLayers;
    private readonly string[]? _teacherLayers;
    private ActivationCapture? _studentCapture;
    private ActivationCapture? _teacherCapture;
    private bool? _teacherWasTraining;

    /// <summary>Creates the callback.</summary>
    /// <param name="teacher">The teacher model; it must not share parameters with the student.</param>
    /// <param name="loss">The distillation loss: an <see cref="OutputDistillationLoss"/> (e.g.
    /// <see cref="SoftTargetLoss"/>) or a <see cref="FeatureDistillationLoss"/> (e.g. <see cref="AttentionLoss"/>).</param>
    /// <param name="weight">w in [0, 1]: the share of the distillation loss; default 0.5 (fasterai's).</param>
    /// <param name="studentLayers">For a feature loss: the student layers' dotted names (as in
    /// <c>named_modules()</c>), paired in order with <paramref name="teacherLayers"/>; null (with
    /// <paramref name="teacherLayers"/> null) to pair layers by output shape.</param>
    /// <param name="teacherLayers">The teacher layers' names, as many as <paramref name="studentLayers"/>.</param>
    /// <param name="schedule">Varies the weight with training progress: w = weight × schedule value (as fasterai);
    /// null keeps w constant. Every value times <paramref name="weight"/> must lie in [0, 1].</param>
    /// <exception cref="ArgumentNullException">A null teacher or loss.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight outside [0, 1] or NaN; a schedule that takes the weight
    /// outside [0, 1].</exception>
    /// <exception cref="ArgumentException">Layers named for an output loss; only one of the two layer lists; lists of
    /// different lengths, empty, or with blank names; teacher layers the teacher does not have.</exception>
    public KnowledgeDistillationCallback(nn.Module<Tensor, Tensor> teacher, DistillationLoss loss, double weight = 0.5,
        IEnumerable<string>? studentLayers = null, IEnumerable<string>? teacherLayers = null, Schedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(weight >= 0 && weight <= 1)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "must be in [0, 1]");
        _studentLayers = studentLayers?.ToArray();
        _teacherLayers = teacherLayers?.ToArray();
        if (loss is OutputDistillationLoss && (_studentLayers is not null || _teacherLayers is not null))
            throw new ArgumentException($"{loss.Name} compares the models' outputs and takes no layers; name layers only with a feature loss " +
                                        "(Attention, FitNet, Similarity, ActivationBoundaries)", _studentLayers is not null ? nameof(studentLayers) : nameof(teacherLayers));
        if ((_studentLayers is null) != (_teacherLayers is null))
            throw new ArgumentException("name both the student's and the teacher's layers, or neither (to pair them by output shape)",
                _studentLayers is null ? nameof(studentLayers) : nameof(teacherLayers));
        if (_studentLayers is not null && _teacherLayers is not null)
        {
            CheckNames(_studentLayers, nameof(studentLayers));
            CheckNames(_teacherLayers, nameof(teacherLayers));
            if (_studentLayers.Length != _teacherLayers.Length)
                throw new ArgumentException($"{_studentLayers.Length} student layers but {_teacherLayers.Length} teacher layers; they are paired in order",
                    nameof(teacherLayers));
            NamedLayers.Resolve(teacher, _teacherLayers, "teacher", nameof(teacherLayers));
        }
        if (schedule is not null) CheckSchedule(schedule, weight);
        Teacher = teacher;
        Loss = loss;
        Weight = weight;
        Schedule = schedule;
        CurrentWeight = schedule is null ? weight : weight * schedule.Progress(0);
    }

    /// <summary>The teacher.</summary>
    public nn.Module<Tensor, Tensor> Teacher { get; }

    /// <summary>The distillation loss.</summary>
    public DistillationLoss Loss { get; }

    /// <summary>The weight w of the distillation loss (before the schedule).</summary>
    public double Weight { get; }

    /// <summary>The schedule that varies the weight, or null.</summary>
    public Schedule? Schedule { get; }

    /// <summary>The student layers as named, or null (paired by shape).</summary>
    public IReadOnlyList<string>? StudentLayers => _studentLayers;

    /// <summary>The teacher layers as named, or null (paired by shape).</summary>
    public IReadOnlyList<string>? TeacherLayers => _teacherLayers;

    /// <summary>The layer pairs of the current or last fit, with their per-sample shapes (empty for an output loss).</summary>
    public IReadOnlyList<FeatureLayerPair> Pairs { get; private set; } = [];

    /// <summary>The weight applied to the current batch: <see cref="Weight"/> × the schedule's value.</summary>
    public double CurrentWeight { get; private set; }

    /// <summary>The distillation loss of the last training batch (before weighting), or NaN before the first.</summary>
    public double LastDistillationLoss { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Release();
        var learn = Learn;
        CheckSeparate(learn.Model);
        var pairs = CheckOnSampleBatch(learn);
        // Everything was checked: from here on the callback changes state.
        if (Loss is FeatureDistillationLoss featureLoss) AddToOptimizer(learn, featureLoss.Parameters);
        Pairs = pairs;
        if (pairs.Count > 0)
        {
            _studentCapture = new ActivationCapture(NamedLayers.Resolve(learn.Model, pairs.Select(p => p.StudentLayer).ToList(), "student", "studentLayers"));
            _teacherCapture = new ActivationCapture(NamedLayers.Resolve(Teacher, pairs.Select(p => p.TeacherLayer).ToList(), "teacher", "teacherLayers"));
        }
        _teacherWasTraining = Teacher.training;
        Teacher.eval();
        CurrentWeight = Schedule is null ? Weight : Weight * Schedule.Progress(0);
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (!learn.Training || Schedule is null) return;
        var w = Weight * Schedule.Progress(learn.PctTrain);
        if (!(w >= 0 && w <= 1))
            throw new InvalidOperationException(
                $"the schedule '{Schedule.Name}' gives a distillation weight of {w.ToString(CultureInfo.InvariantCulture)} at {learn.PctTrain:P1} of training; it must stay in [0, 1]");
        CurrentWeight = w;
    }

    /// <inheritdoc />
    public override void AfterLoss()
    {
        var learn = Learn;
        if (!learn.Training) return;
        var x = learn.X ?? throw new InvalidOperationException("the learner has no input for this batch");
        var task = learn.Loss ?? throw new InvalidOperationException("the learner has no loss for this batch");
        Tensor kd;
        IReadOnlyList<Tensor> teacherTensors;
        if (Loss is OutputDistillationLoss outputLoss)
        {
            Tensor teacherOutput;
            using (no_grad()) teacherOutput = Teacher.call(x);
            kd = outputLoss.Forward(learn.Pred!, teacherOutput, learn.Y);
            teacherTensors = [teacherOutput];
        }
        else
        {
            _teacherCapture!.Clear();
            using (no_grad()) Teacher.call(x);
            teacherTensors = Captured(_teacherCapture, "teacher");
            kd = ((FeatureDistillationLoss)Loss).Forward(Captured(_studentCapture!, "student"), teacherTensors);
        }
        LastDistillationLoss = kd.to_type(ScalarType.Float64).item<double>();
        // A NaN or ∞ from the teacher would train the student to NaN without an error. The loss is read anyway, so
        // the teacher's tensors are only looked at when it is not finite; this runs before backward and the step.
        if (!double.IsFinite(LastDistillationLoss)) ThrowIfTeacherNotFinite(teacherTensors, learn);
        var w = CurrentWeight;
        learn.Loss = task * (1 - w) + kd * w;
    }

    private static void ThrowIfTeacherNotFinite(IReadOnlyList<Tensor> teacherTensors, Learner learn)
    {
        foreach (var t in teacherTensors)
        {
            using var finite = isfinite(t).all();
            if (finite.item<bool>()) continue;
            throw new InvalidOperationException(
                $"the teacher's {(teacherTensors.Count == 1 && t.dim() == 2 ? "output" : "activations")} contain NaN or ∞ in training batch {learn.Iteration} " +
                $"of epoch {learn.Epoch}, so the distillation loss is not finite and would train the student to NaN; this batch was not stepped. " +
                "Check the teacher (its weights, its BatchNorm statistics, the input's scale)");
        }
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        _studentCapture?.Clear();
        _teacherCapture?.Clear();
    }

    /// <inheritdoc />
    public override void AfterFit() => Release();

    /// <inheritdoc />
    internal override void ReleaseAfterFailedFit() => Release();

    /// <summary>Removes the hooks and puts the teacher back in its training mode; safe to call in any state.</summary>
    private void Release()
    {
        _studentCapture?.Dispose();
        _teacherCapture?.Dispose();
        _studentCapture = _teacherCapture = null;
        if (_teacherWasTraining is { } wasTraining) Teacher.train(wasTraining);
        _teacherWasTraining = null;
    }

    private List<Tensor> Captured(ActivationCapture capture, string role)
    {
        var result = new List<Tensor>(capture.Outputs.Length);
        for (var i = 0; i < capture.Outputs.Length; i++)
        {
            var pair = Pairs[i];
            result.Add(capture.Outputs[i] ?? throw new InvalidOperationException(
                $"the {role} layer '{(role == "student" ? pair.StudentLayer : pair.TeacherLayer)}' produced no output in this batch's forward pass"));
        }
        return result;
    }

    private void CheckSeparate(nn.Module<Tensor, Tensor> student)
    {
        if (ReferenceEquals(student, Teacher)) throw new ArgumentException("the teacher is the learner's model itself; distil from a separate model", "teacher");
        var studentParameters = student.parameters().Select(p => p.Handle).ToHashSet();
        var shared = Teacher.named_parameters().Where(p => studentParameters.Contains(p.parameter.Handle)).Select(p => p.name).ToList();
        if (shared.Count > 0)
            throw new ArgumentException($"the teacher shares parameters with the student ({string.Join(", ", shared.Take(5))}); " +
                                        "it would be trained with it — give the callback a separate teacher", "teacher");
    }

    /// <summary>Runs a few validation samples through both models and the loss (eval mode, no_grad, modes
    /// restored), finding or checking the layer pairs; throws before anything changes.</summary>
    private IReadOnlyList<FeatureLayerPair> CheckOnSampleBatch(Learner learn)
    {
        var loader = learn.Dls.Valid.Dataset.Count > 0 ? learn.Dls.Valid : learn.Dls.Train;
        var indices = Enumerable.Range(0, Math.Min(ProbeSamples, loader.Dataset.Count)).ToArray();
        var student = learn.Model;
        var (studentWasTraining, teacherWasTraining) = (student.training, Teacher.training);
        using var scope = NewDisposeScope();
        var batch = loader.MakeBatch(indices);
        try
        {
            student.eval();
            Teacher.eval();
            using var noGrad = no_grad();
            if (Loss is OutputDistillationLoss outputLoss)
            {
                var (studentOutput, teacherOutput) = (student.forward(batch.Input), RunTeacher(batch));
                CheckTeacherFinite(teacherOutput, "output");
                Checked(() => outputLoss.Forward(studentOutput, teacherOutput, batch.Target));
                return [];
            }
            var featureLoss = (FeatureDistillationLoss)Loss;
            var pairs = _studentLayers is null
                ? MatchedPairs(student, batch, featureLoss)
                : NamedPairs(student, batch);
            var (studentFeatures, teacherFeatures) = Activations(student, batch, pairs);
            foreach (var (feature, pair) in teacherFeatures.Zip(pairs)) CheckTeacherFinite(feature, $"layer '{pair.TeacherLayer}'");
            Checked(() => featureLoss.Prepare(pairs, studentFeatures[0].device, studentFeatures[0].dtype));
            Checked(() => featureLoss.Forward(studentFeatures, teacherFeatures));
            return pairs;
        }
        finally
        {
            student.train(studentWasTraining);
            Teacher.train(teacherWasTraining);
        }
    }

    private IReadOnlyList<FeatureLayerPair> MatchedPairs(nn.Module<Tensor, Tensor> student, Batch batch, FeatureDistillationLoss loss)
    {
        var pairs = FeatureLayerMatching.ByOutputShape(student, Teacher, batch.Input, loss.NeedsEqualShapes);
        if (pairs.Count == 0)
            throw new ArgumentException($"no student and teacher layers have outputs of the same {(loss.NeedsEqualShapes ? "shape" : "height × width")} " +
                                        $"(larger than 1 × 1) to pair for {loss.Name}; name the layers (studentLayers, teacherLayers)", "studentLayers");
        return pairs;
    }

    private List<FeatureLayerPair> NamedPairs(nn.Module<Tensor, Tensor> student, Batch batch)
    {
        var (studentFeatures, teacherFeatures) = Activations(student, batch,
            _studentLayers!.Zip(_teacherLayers!, (s, t) => new FeatureLayerPair(s, t, [], [])).ToList());
        return _studentLayers!.Select((name, i) => new FeatureLayerPair(name, _teacherLayers![i],
            studentFeatures[i].shape[1..], teacherFeatures[i].shape[1..])).ToList();
    }

    /// <summary>The outputs of the pairs' layers for one batch (hooks removed after).</summary>
    private (List<Tensor> Student, List<Tensor> Teacher) Activations(nn.Module<Tensor, Tensor> student, Batch batch, IReadOnlyList<FeatureLayerPair> pairs)
    {
        var studentNames = pairs.Select(p => p.StudentLayer).ToList();
        var teacherNames = pairs.Select(p => p.TeacherLayer).ToList();
        using var studentCapture = new ActivationCapture(NamedLayers.Resolve(student, studentNames, "student", "studentLayers"));
        using var teacherCapture = new ActivationCapture(NamedLayers.Resolve(Teacher, teacherNames, "teacher", "teacherLayers"));
        student.forward(batch.Input);
        RunTeacher(batch);
        return (Outputs(studentCapture, studentNames, "student", "studentLayers"), Outputs(teacherCapture, teacherNames, "teacher", "teacherLayers"));
    }

    private static List<Tensor> Outputs(ActivationCapture capture, List<string> names, string role, string parameterName)
    {
        var missing = names.Where((_, i) => capture.Outputs[i] is null).Distinct().ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the {role} layer{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(n => $"'{n}'"))} " +
                                        "produced no output in a forward pass (not used by the model's forward?)", parameterName);
        return capture.Outputs.Select(o => o!).ToList();
    }

    private Tensor RunTeacher(Batch batch)
    {
        try
        {
            return Teacher.call(batch.Input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"the teacher failed on a validation batch {Shapes.Format(batch.Input.shape)} before training started: {e.Message}", "teacher", e);
        }
    }

    private static void CheckTeacherFinite(Tensor value, string what)
    {
        using var finite = isfinite(value).all();
        if (!finite.item<bool>())
            throw new ArgumentException($"the teacher's {what} contains NaN or ∞ on a validation batch before training started; " +
                                        "distilling from it would train the student to NaN. Check the teacher's weights and BatchNorm statistics", "teacher");
    }

    private void Checked(Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"knowledge distillation cannot start: {e.Message}", e.ParamName, e);
        }
    }

    private static void AddToOptimizer(Learner learn, IReadOnlyList<Parameter> parameters)
    {
        if (parameters.Count == 0) return;
        var optimizer = learn.Optimizer ?? throw new InvalidOperationException("the learner has no optimizer at BeforeFit");
        var present = optimizer.ParamGroups.OfType<ParamGroup>().SelectMany(g => g.Parameters).Select(p => p.Handle).ToHashSet();
        var missing = parameters.Where(p => !present.Contains(p.Handle)).ToList();
        if (missing.Count == 0) return;
        var lr = OptimizerHyperParameters.GetLearningRate(optimizer);
        try
        {
            // Each optimizer steps only groups of its own ParamGroup subclass (AdamW.ParamGroup, SGD.ParamGroup, …):
            // make one of the same type as the existing groups; add_param_group fills its options from the defaults.
            var groupType = optimizer.ParamGroups.First().GetType();
            var group = (ParamGroup)(Activator.CreateInstance(groupType)
                ?? throw new NotImplementedException($"cannot create a {groupType.Name}"));
            group.Parameters = missing;
            optimizer.add_param_group(group);
            group.LearningRate = lr;
        }
        catch (Exception e) when (e is NotImplementedException or MissingMethodException or InvalidCastException)
        {
            throw new InvalidOperationException(
                $"the learner's optimizer ({optimizer.GetType().Name}) cannot take more parameters, so the loss's adapters could not be trained; " +
                "use an optimizer with parameter groups (AdamW, Adam, SGD, …)", e);
        }
    }

    private static void CheckNames(string[] names, string parameterName)
    {
        if (names.Length == 0) throw new ArgumentException("the list of layers is empty; pass null to pair layers by output shape", parameterName);
        for (var i = 0; i < names.Length; i++)
            if (string.IsNullOrWhiteSpace(names[i])) throw new ArgumentException($"layer {i} has no name", parameterName);
    }

    private static void CheckSchedule(Schedule schedule, double weight)
    {
        foreach (var (fraction, value) in schedule.Sample(1001))
        {
            var w = weight * value;
            if (!(w >= 0 && w <= 1))
                throw new ArgumentOutOfRangeException(nameof(schedule), value,
                    $"the schedule '{schedule.Name}' times the weight {weight.ToString(CultureInfo.InvariantCulture)} gives {w.ToString(CultureInfo.InvariantCulture)} " +
                    $"at {fraction:P1} of training; the distillation weight must stay in [0, 1]");
        }
    }
}
