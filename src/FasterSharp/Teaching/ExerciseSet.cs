namespace FasterSharp.Teaching;

/// <summary>The exercises of one tutorial. Each tutorial's checks live in a subclass in
/// <c>Teaching/Exercises/</c>; <see cref="Exercise"/> finds every subclass in this assembly.</summary>
internal abstract class ExerciseSet
{
    /// <summary>This tutorial's exercises.</summary>
    public abstract IEnumerable<ExerciseDefinition> Exercises { get; }
}
