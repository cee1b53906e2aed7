using FasterSharp.Figures;

namespace FasterSharp.Sparse;

/// <summary>How a quantity (the fraction of the target sparsity, by default from 0 to 1) evolves over
/// training, as fasterai's <c>Schedule</c>: with p the fraction of training done,
/// the value is <see cref="StartValue"/> while p &lt; <see cref="StartPct"/>,
/// f(s, e, (p − StartPct)/(EndPct − StartPct)) inside the window, and f(s, e, 1) once p ≥ <see cref="EndPct"/>.
/// The callback multiplies the value by the target sparsity.</summary>
public sealed class Schedule
{
    /// <summary>Creates a schedule.</summary>
    /// <param name="function">The shape f(start, end, position).</param>
    /// <param name="startPct">Fraction of training where the window starts (default 0).</param>
    /// <param name="endPct">Fraction of training where it ends (default 1).</param>
    /// <param name="startValue">The value before the window (default 0).</param>
    /// <param name="endValue">The value f reaches at the end of the window (default 1).</param>
    /// <param name="name">A name for plots and messages (default "custom"); not blank.</param>
    /// <exception cref="ArgumentNullException">A null function or name.</exception>
    /// <exception cref="ArgumentException">A blank name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A percentage outside [0, 1] or NaN, startPct &gt; endPct, or a
    /// non-finite value.</exception>
    public Schedule(ScheduleFunction function, double startPct = 0, double endPct = 1, double startValue = 0, double endValue = 1, string name = "custom")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckFraction(startPct, nameof(startPct));
        CheckFraction(endPct, nameof(endPct));
        if (startPct > endPct) throw new ArgumentOutOfRangeException(nameof(startPct), startPct, $"must not exceed endPct ({endPct})");
        if (!double.IsFinite(startValue)) throw new ArgumentOutOfRangeException(nameof(startValue), startValue, "must be finite");
        if (!double.IsFinite(endValue)) throw new ArgumentOutOfRangeException(nameof(endValue), endValue, "must be finite");
        Function = function;
        StartPct = startPct;
        EndPct = endPct;
        StartValue = startValue;
        EndValue = endValue;
        Name = name;
    }

    /// <summary>The shape f(start, end, position).</summary>
    public ScheduleFunction Function { get; }

    /// <summary>Fraction of training where the window starts.</summary>
    public double StartPct { get; }

    /// <summary>Fraction of training where the window ends.</summary>
    public double EndPct { get; }

    /// <summary>The value before the window (s).</summary>
    public double StartValue { get; }

    /// <summary>The end value given to f (e).</summary>
    public double EndValue { get; }

    /// <summary>The schedule's name ("agp", "one_shot", …, "custom").</summary>
    public string Name { get; }

    /// <summary>Throws unless the schedule gives a fraction in [0, 1] at every progress a callback asks for (0, 0.001, …, 1,
    /// the progress rounded as the callbacks round it): the check that a callback scaling a target by the schedule makes
    /// before it changes anything.</summary>
    /// <param name="parameterName">The caller's parameter, for the exception.</param>
    /// <param name="scaled">What the values are fractions of, for the message (e.g. "the target sparsity").</param>
    /// <exception cref="ArgumentException">A value outside [0, 1] or NaN, or the schedule's function throws.</exception>
    internal void ThrowUnlessFractions(string parameterName, string scaled)
    {
        for (var k = 0; k <= 1000; k++)
        {
            var p = k / 1000.0;
            double value;
            try
            {
                value = Progress(p);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException($"schedule '{Name}' fails at {p:0.###} of training: {e.Message}", parameterName, e);
            }
            if (!(value >= 0 && value <= 1))
                throw new ArgumentException(
                    $"schedule '{Name}' gives {value} at {p:0.###} of training; its values are fractions of {scaled} and must be in [0, 1]", parameterName);
        }
    }

    /// <summary>The value at <paramref name="trainingFraction"/> of training (0 = start, 1 = end; before 0 it is the
    /// start value, after 1 the end of the window's value).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainingFraction"/> is NaN or infinite.</exception>
    public double Progress(double trainingFraction)
    {
        if (!double.IsFinite(trainingFraction))
            throw new ArgumentOutOfRangeException(nameof(trainingFraction), trainingFraction, "must be a finite fraction of training");
        if (trainingFraction < StartPct) return StartValue;
        if (trainingFraction >= EndPct) return Function(StartValue, EndValue, 1.0);
        return Function(StartValue, EndValue, (trainingFraction - StartPct) / (EndPct - StartPct));
    }

    /// <summary>The most points <see cref="Sample"/> and <see cref="Plot"/> take.</summary>
    public const int MaxSamples = 1_000_000;

    /// <summary>The schedule sampled at <paramref name="count"/> evenly spaced points of training, 0 and 1
    /// included (for plots): pairs (fraction of training, value).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside [2, <see cref="MaxSamples"/>].</exception>
    public IReadOnlyList<(double TrainingFraction, double Value)> Sample(int count = 101)
    {
        if (count is < 2 or > MaxSamples) throw new ArgumentOutOfRangeException(nameof(count), count, $"must be in [2, {MaxSamples:N0}]");
        var points = new (double, double)[count];
        for (var i = 0; i < count; i++)
        {
            var p = i == count - 1 ? 1.0 : (double)i / (count - 1);
            points[i] = (p, Progress(p));
        }
        return points;
    }

    /// <summary>The schedule as a line: sparsity (percent of <paramref name="target"/>) against training progress.</summary>
    /// <param name="target">The target sparsity in percent the values are scaled to (default 100).</param>
    /// <param name="figure">A figure to add the line to (e.g. to compare schedules), or null for a new one.</param>
    /// <param name="points">Number of sampled points, in [2, <see cref="MaxSamples"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 100] or NaN, or a bad point count.</exception>
    public Figure Plot(double target = 100, Figure? figure = null, int points = 201)
    {
        if (!(target >= 0 && target <= 100)) throw new ArgumentOutOfRangeException(nameof(target), target, "must be a percentage in [0, 100]");
        if (points is < 2 or > MaxSamples) throw new ArgumentOutOfRangeException(nameof(points), points, $"must be in [2, {MaxSamples:N0}]");
        var samples = Sample(points);
        figure ??= new Figure().WithTitle($"Sparsity schedule (target {target:0.##}%)").WithXAxis("training progress").WithYAxis("sparsity (%)");
        return figure.AddLine(samples.Select(s => s.TrainingFraction), samples.Select(s => target * s.Value), Name);
    }

    /// <summary>The same shape with another window or other values (arguments left null keep theirs).</summary>
    /// <exception cref="ArgumentOutOfRangeException">As the constructor.</exception>
    public Schedule With(double? startPct = null, double? endPct = null, double? startValue = null, double? endValue = null) =>
        new(Function, startPct ?? StartPct, endPct ?? EndPct, startValue ?? StartValue, endValue ?? EndValue, Name);

    /// <summary>The name and window.</summary>
    public override string ToString() => $"{Name} (window {StartPct:0.###}–{EndPct:0.###}, {StartValue:0.###} → {EndValue:0.###})";

    // ------------------------------------------------------------------ the shapes

    /// <summary>One-shot: e everywhere in the window.</summary>
    public static double OneShotFunction(double start, double end, double position) => end;

    /// <summary>Iterative in <paramref name="steps"/> equal steps: s + (e − s)/n · ⌈p·n⌉.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is less than 1.</exception>
    public static double IterativeFunction(double start, double end, double position, int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "must be at least 1");
        return start + (end - start) / steps * Math.Ceiling(position * steps);
    }

    /// <summary>Automated gradual pruning (Zhu and Gupta): e + (s − e)(1 − p)³.</summary>
    public static double AgpFunction(double start, double end, double position) =>
        end + (start - end) * Math.Pow(1 - position, 3);

    /// <summary>One-cycle (logistic): s + (e − s)(1 + e^(β−α))/(1 + e^(β−αp)), α = 14, β = 6.</summary>
    public static double OneCycleFunction(double start, double end, double position)
    {
        const double alpha = 14, beta = 6;
        return start + (end - start) * (1 + Math.Exp(beta - alpha)) / (1 + Math.Exp(beta - alpha * position));
    }

    /// <summary>Cosine: s + (1 + cos(π(1 − p)))(e − s)/2.</summary>
    public static double CosFunction(double start, double end, double position) =>
        start + (1 + Math.Cos(Math.PI * (1 - position))) * (end - start) / 2;

    /// <summary>Linear: s + p(e − s).</summary>
    public static double LinFunction(double start, double end, double position) => start + position * (end - start);

    /// <summary>Dense–sparse–dense: a cosine from s up to e at p = 0.5, then back down to s at p = 1
    /// (p &lt; 0.5: s + (1 + cos(π(1 − 2p)))(e − s)/2; otherwise e + (1 − cos(π(1 − 2p)))(s − e)/2).</summary>
    public static double DsdFunction(double start, double end, double position) => position < 0.5
        ? start + (1 + Math.Cos(Math.PI * (1 - position * 2))) * (end - start) / 2
        : end + (1 - Math.Cos(Math.PI * (1 - position * 2))) * (start - end) / 2;

    // ------------------------------------------------------------------ the named schedules (fasterai's windows)

    /// <summary>one_shot: jumps to the end value at half of training (window 0.5–1).</summary>
    public static Schedule OneShot { get; } = new(OneShotFunction, startPct: 0.5, name: "one_shot");

    /// <summary>iterative: 3 equal steps over the window 0.2–1 (see <see cref="IterativeSteps"/> for another count).</summary>
    public static Schedule Iterative { get; } = IterativeSteps(3);

    /// <summary>agp: automated gradual pruning over the window 0.2–1.</summary>
    public static Schedule Agp { get; } = new(AgpFunction, startPct: 0.2, name: "agp");

    /// <summary>one_cycle: logistic over the whole training.</summary>
    public static Schedule OneCycle { get; } = new(OneCycleFunction, name: "one_cycle");

    /// <summary>cos: cosine annealing from 0 to 1 over the whole training.</summary>
    public static Schedule Cos { get; } = new(CosFunction, name: "cos");

    /// <summary>lin: linear from 0 to 1 over the whole training.</summary>
    public static Schedule Lin { get; } = new(LinFunction, name: "lin");

    /// <summary>dsd: dense–sparse–dense over the whole training.</summary>
    public static Schedule Dsd { get; } = new(DsdFunction, name: "dsd");

    /// <summary>The iterative schedule with <paramref name="steps"/> steps (fasterai's n_steps).</summary>
    /// <param name="steps">Number of pruning steps (default 3 in <see cref="Iterative"/>).</param>
    /// <param name="startPct">Start of the window (default 0.2).</param>
    /// <param name="endPct">End of the window (default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 1, or a bad window.</exception>
    public static Schedule IterativeSteps(int steps, double startPct = 0.2, double endPct = 1)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "must be at least 1");
        return new Schedule((s, e, p) => IterativeFunction(s, e, p, steps), startPct, endPct, name: "iterative");
    }

    /// <summary>The names of the built-in schedules, in fasterai's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["one_shot", "iterative", "agp", "one_cycle", "cos", "lin", "dsd"];

    /// <summary>The built-in schedule of that fasterai name (case-insensitive).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Schedule Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "one_shot" => OneShot,
            "iterative" => Iterative,
            "agp" => Agp,
            "one_cycle" => OneCycle,
            "cos" => Cos,
            "lin" => Lin,
            "dsd" => Dsd,
            _ => throw new ArgumentException($"unknown schedule '{name}'; known schedules: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    private static void CheckFraction(double value, string parameterName)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(parameterName, value, "must be a fraction of training in [0, 1]");
    }
}
