namespace FasterSharp.Sparse;

/// <summary>The shape of a schedule: its value at <paramref name="position"/> ∈ [0, 1] of its window,
/// going from <paramref name="start"/> (usually reached at 0) to <paramref name="end"/> (at 1).</summary>
public delegate double ScheduleFunction(double start, double end, double position);
