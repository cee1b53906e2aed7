using System.IO;

namespace TorchSharp.Modules;

/// <summary>The options (hyper-parameters) of a parameter group that every optimizer has: the learning rate.
/// Each optimizer derives its own options type; a null field means "take the optimizer's default".</summary>
public class OptimizerOptions
{
    /// <summary>The current learning rate, or null for the optimizer's default.</summary>
    public double? LearningRate { get; set; }

    /// <summary>The learning rate the group started with (set when the group is added to an optimizer).</summary>
    public double InitialLearningRate { get; set; }

    /// <summary>Writes the options to <paramref name="writer"/> (TorchSharp's optimizer-state format).</summary>
    /// <exception cref="InvalidOperationException">An option is still unset (the group was never added to an optimizer).</exception>
    public virtual void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(InitialLearningRate);
        writer.Write(Require(LearningRate, nameof(LearningRate)));
    }

    /// <summary>Reads the options written by <see cref="SaveStateDict"/>.</summary>
    public virtual void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        InitialLearningRate = reader.ReadDouble();
        LearningRate = reader.ReadDouble();
    }

    /// <summary>Copies the options of <paramref name="source"/>, which must have this object's type.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has another type.</exception>
    public virtual void LoadStateDict(OptimizerOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.GetType() != GetType())
            throw new ArgumentException($"cannot load {source.GetType().Name} into {GetType().Name}", nameof(source));
        InitialLearningRate = source.InitialLearningRate;
        LearningRate = source.LearningRate;
    }

    /// <summary>Checks the values this group would run with (its own, or <paramref name="defaults"/>' where unset),
    /// throwing before anything changes; then <see cref="FillFrom"/> completes it.</summary>
    internal virtual void Check(OptimizerOptions defaults) =>
        OptimizerChecks.LearningRate(LearningRate ?? defaults.LearningRate ?? double.NaN, "lr");

    /// <summary>Sets every unset option from <paramref name="defaults"/>.</summary>
    internal virtual void FillFrom(OptimizerOptions defaults) => LearningRate ??= defaults.LearningRate;

    /// <summary>A new options object of this type with the values of this one.</summary>
    internal OptimizerOptions Copy()
    {
        var copy = (OptimizerOptions)Activator.CreateInstance(GetType())!;
        copy.LoadStateDict(this);
        return copy;
    }

    private protected static T Require<T>(T? value, string name) where T : struct =>
        value ?? throw new InvalidOperationException($"option {name} is unset; add the group to an optimizer first");
}
