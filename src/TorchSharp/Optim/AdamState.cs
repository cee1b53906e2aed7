using System.IO;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>The state <see cref="Adam"/> and <see cref="AdamW"/> keep for one parameter: the step count and the running
/// averages of the gradient and of its square (and their running maximum with AMSGrad).</summary>
public abstract class AdamState : OptimizerState, IDisposable
{
    /// <summary>How many updates this parameter has had.</summary>
    public long step;
    /// <summary>The running average of the gradient (zeros before the first step).</summary>
    public Tensor? exp_avg;
    /// <summary>The running average of the squared gradient (zeros before the first step).</summary>
    public Tensor? exp_avg_sq;
    /// <summary>The running maximum of <see cref="exp_avg_sq"/> (AMSGrad only), or null.</summary>
    public Tensor? max_exp_avg_sq;

    /// <summary>The empty state of <paramref name="parameter"/>.</summary>
    private protected AdamState(Parameter parameter) : base(parameter) { }

    /// <summary>Disposes the state tensors.</summary>
    public void Dispose()
    {
        exp_avg?.Dispose();
        exp_avg_sq?.Dispose();
        max_exp_avg_sq?.Dispose();
        exp_avg = exp_avg_sq = max_exp_avg_sq = null;
    }

    /// <summary>Step 0: zero averages (and a zero maximum with AMSGrad).</summary>
    public override void Initialize(OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dispose();
        step = 0;
        using (no_grad())
        {
            exp_avg = OptimizerMath.ZerosLike(_parameter).DetachFromDisposeScope();
            exp_avg_sq = OptimizerMath.ZerosLike(_parameter).DetachFromDisposeScope();
            if (options is AdamOptions { amsgrad: true })
                max_exp_avg_sq = OptimizerMath.ZerosLike(_parameter).DetachFromDisposeScope();
        }
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(step);
        OptimizerStateFormat.WriteTensor(writer, exp_avg ?? throw new ObjectDisposedException(nameof(AdamState)));
        OptimizerStateFormat.WriteTensor(writer, exp_avg_sq ?? throw new ObjectDisposedException(nameof(AdamState)));
        SaveConditionalStateTensor(writer, max_exp_avg_sq);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var loadedStep = reader.ReadInt64();
        if (loadedStep < 0) throw new InvalidDataException($"the optimizer state has a negative step count {loadedStep}");
        var avg = LoadStateTensor(reader, nameof(exp_avg));
        Tensor? avgSq = null;
        Tensor? max = null;
        try
        {
            avgSq = LoadStateTensor(reader, nameof(exp_avg_sq));
            LoadConditionalStateTensor(reader, ref max, nameof(max_exp_avg_sq));
        }
        catch
        {
            avg.Dispose();
            avgSq?.Dispose();
            throw;
        }
        Dispose();
        step = loadedStep;
        (exp_avg, exp_avg_sq, max_exp_avg_sq) = (avg, avgSq, max);
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        CheckLoadable(source, nameof(source));
        var s = (AdamState)source;
        step = s.step;
        ReplaceWithCopy(ref exp_avg, s.exp_avg);
        ReplaceWithCopy(ref exp_avg_sq, s.exp_avg_sq);
        ReplaceWithCopy(ref max_exp_avg_sq, s.max_exp_avg_sq);
    }

    internal override void CheckLoadable(OptimizerState source, string paramName)
    {
        base.CheckLoadable(source, paramName);
        var s = (AdamState)source;
        if (s.step < 0) throw new ArgumentException($"the state has a negative step count {s.step}", paramName);
        if (s.exp_avg is null || s.exp_avg_sq is null) throw new ArgumentException("the state's running averages were disposed", paramName);
        CheckMatchesParameter(s.exp_avg, nameof(exp_avg), paramName);
        CheckMatchesParameter(s.exp_avg_sq, nameof(exp_avg_sq), paramName);
        CheckMatchesParameter(s.max_exp_avg_sq, nameof(max_exp_avg_sq), paramName);
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is AdamState rhs && rhs.GetType() == GetType() && step == rhs.step && Close(exp_avg, rhs.exp_avg) &&
        Close(exp_avg_sq, rhs.exp_avg_sq) && Close(max_exp_avg_sq, rhs.max_exp_avg_sq);
}
