using System.IO;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>The state an optimizer keeps for one parameter (momentum buffer, running averages, step count).
/// State tensors have the parameter's shape and type and belong to no dispose scope; the optimizer owns them.</summary>
public abstract class OptimizerState
{
    /// <summary>The parameter this state belongs to.</summary>
    protected Parameter _parameter;

    /// <summary>Creates the state of <paramref name="parameter"/>.</summary>
    protected OptimizerState(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _parameter = parameter;
    }

    /// <summary>Writes the state to <paramref name="writer"/> (TorchSharp's optimizer-state format).</summary>
    public abstract void SaveStateDict(BinaryWriter writer);

    /// <summary>Reads the state written by <see cref="SaveStateDict"/>.</summary>
    /// <exception cref="InvalidDataException">The stream holds a tensor whose shape or type does not match the parameter.</exception>
    public abstract void LoadStateDict(BinaryReader reader);

    /// <summary>Copies the state of <paramref name="source"/> (tensors are copied, not shared).</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is another optimizer's state or its tensors do not match the parameter.</exception>
    public abstract void LoadStateDict(OptimizerState source);

    /// <summary>True when <paramref name="other"/> holds the same state up to float rounding (for tests).</summary>
    public virtual bool ApproximatelyEquals(OptimizerState other) => false;

    /// <summary>Resets the state to its values before the first step.</summary>
    /// <param name="options">The options of the parameter's group.</param>
    public abstract void Initialize(OptimizerOptions options);

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="source"/> could not be loaded into this
    /// state; called for every state before any is changed.</summary>
    internal virtual void CheckLoadable(OptimizerState source, string paramName)
    {
        ArgumentNullException.ThrowIfNull(source, paramName);
        if (source.GetType() != GetType())
            throw new ArgumentException($"cannot load {source.GetType().FullName} into {GetType().FullName}", paramName);
    }

    /// <summary>Checks that <paramref name="tensor"/> (if any) has the parameter's shape and element type.</summary>
    private protected void CheckMatchesParameter(Tensor? tensor, string what, string paramName)
    {
        if (tensor is null) return;
        var expected = _parameter.shape;
        var actual = tensor.shape;
        if (!expected.AsSpan().SequenceEqual(actual) || tensor.dtype != _parameter.dtype)
            throw new ArgumentException(
                $"{what} has shape [{string.Join(", ", actual)}] and type {tensor.dtype} but the parameter has shape [{string.Join(", ", expected)}] and type {_parameter.dtype}",
                paramName);
    }

    /// <summary>A copy of <paramref name="tensor"/> owned by the caller (no dispose scope), or null.</summary>
    private protected static Tensor? OwnedCopy(Tensor? tensor) =>
        tensor is null ? null : OptimizerMath.Clone(tensor).DetachFromDisposeScope();

    /// <summary>Replaces <paramref name="target"/> by an owned copy of <paramref name="source"/>, disposing the old tensor.</summary>
    private protected static void ReplaceWithCopy(ref Tensor? target, Tensor? source)
    {
        var copy = OwnedCopy(source);
        target?.Dispose();
        target = copy;
    }

    /// <summary>Writes a presence flag, then the tensor when there is one.</summary>
    private protected static void SaveConditionalStateTensor(BinaryWriter writer, Tensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(tensor is not null);
        if (tensor is not null) OptimizerStateFormat.WriteTensor(writer, tensor);
    }

    /// <summary>Reads what <see cref="SaveConditionalStateTensor"/> wrote, checked against the parameter; the previous tensor is disposed.</summary>
    private protected void LoadConditionalStateTensor(BinaryReader reader, ref Tensor? result, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Tensor? loaded = reader.ReadBoolean() ? LoadStateTensor(reader, what) : null;
        result?.Dispose();
        result = loaded;
    }

    /// <summary>Reads a tensor checked against the parameter's shape and type.</summary>
    private protected Tensor LoadStateTensor(BinaryReader reader, string what)
    {
        var loaded = OptimizerStateFormat.ReadTensor(reader);
        try
        {
            CheckMatchesParameter(loaded, what, nameof(reader));
        }
        catch (ArgumentException e)
        {
            loaded.Dispose();
            throw new InvalidDataException(e.Message, e);
        }
        return loaded;
    }

    /// <summary>True when both are null, or both exist and are element-wise close.</summary>
    private protected static bool Close(Tensor? a, Tensor? b) =>
        a is null ? b is null : b is not null && OptimizerMath.AllClose(a, b);
}
