namespace FasterSharp.Distill;

/// <summary>A student layer and the teacher layer whose activations a <see cref="FeatureDistillationLoss"/>
/// compares, with the shapes of one sample's activations (without the batch dimension, e.g. [channels,
/// height, width]).</summary>
/// <param name="StudentLayer">The student module's dotted name (as in <c>named_modules()</c>).</param>
/// <param name="TeacherLayer">The teacher module's dotted name.</param>
/// <param name="StudentShape">The student layer's output shape per sample.</param>
/// <param name="TeacherShape">The teacher layer's output shape per sample.</param>
public sealed record FeatureLayerPair(string StudentLayer, string TeacherLayer, IReadOnlyList<long> StudentShape, IReadOnlyList<long> TeacherShape)
{
    /// <summary>"student.layer [32, 14, 14] ↔ teacher.layer [64, 14, 14]".</summary>
    public override string ToString() =>
        $"{StudentLayer} {Shapes.Format(StudentShape)} ↔ {TeacherLayer} {Shapes.Format(TeacherShape)}";
}
