using FasterSharp.Sparse;

namespace FasterSharp.Tests.Sparse;

public class ScheduleTests
{
    private static readonly double[] Points = Enumerable.Range(0, 201).Select(i => i / 200.0).Append(0.333).Append(0.7777).ToArray();

    // The design's formulas, written independently of Schedule's shape functions.
    private static double Windowed(double p, double startPct, double endPct, double s, double e, Func<double, double> f) =>
        p < startPct ? s : p >= endPct ? f(1) : f((p - startPct) / (endPct - startPct));

    public static TheoryData<string> Names => new(Schedule.Names);

    private static Func<double, double> Formula(string name, double s, double e) => name switch
    {
        "one_shot" => _ => e,
        "iterative" => p => s + (e - s) / 3 * Math.Ceiling(p * 3),
        "agp" => p => e + (s - e) * Math.Pow(1 - p, 3),
        "one_cycle" => p => s + (e - s) * (1 + Math.Exp(6 - 14.0)) / (1 + Math.Exp(6 - 14.0 * p)),
        "cos" => p => s + (1 + Math.Cos(Math.PI * (1 - p))) * (e - s) / 2,
        "lin" => p => s + p * (e - s),
        "dsd" => p => p < 0.5 ? s + (1 + Math.Cos(Math.PI * (1 - 2 * p))) * (e - s) / 2 : e + (1 - Math.Cos(Math.PI * (1 - 2 * p))) * (s - e) / 2,
        _ => throw new ArgumentException(name),
    };

    private static double DefaultStart(string name) => name switch { "one_shot" => 0.5, "iterative" or "agp" => 0.2, _ => 0.0 };

    [Theory]
    [MemberData(nameof(Names))]
    public void NamedScheduleEqualsItsFormulaEverywhereIncludingBeforeAndAfterTheWindow(string name)
    {
        var schedule = Schedule.Parse(name);
        Assert.Equal(name, schedule.Name);
        Assert.Equal(DefaultStart(name), schedule.StartPct);
        Assert.Equal(1.0, schedule.EndPct);
        var f = Formula(name, 0, 1);
        foreach (var p in Points.Append(-0.5).Append(1.5))
            Assert.Equal(Windowed(p, DefaultStart(name), 1, 0, 1, f), schedule.Progress(p), 12);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NamedShapeFollowsFormulaInAShiftedWindowWithOtherValues(string name)
    {
        var schedule = Schedule.Parse(name).With(startPct: 0.1, endPct: 0.6, startValue: 0.25, endValue: 0.75);
        var f = Formula(name, 0.25, 0.75);
        foreach (var p in Points)
            Assert.Equal(Windowed(p, 0.1, 0.6, 0.25, 0.75, f), schedule.Progress(p), 12);
        Assert.Equal(0.25, schedule.Progress(0.05));        // before the window: the start value
        Assert.Equal(f(1), schedule.Progress(0.9), 12);     // after: f(s, e, 1)
    }

    [Fact]
    public void IterativeStepsTakesTheStepCount()
    {
        var five = Schedule.IterativeSteps(5);
        foreach (var p in Points)
            Assert.Equal(Windowed(p, 0.2, 1, 0, 1, q => Math.Ceiling(q * 5) / 5), five.Progress(p), 12);
        // Seed 003: 90% with 5 steps from 20% of 10 epochs reaches 30%, 60%, 90% of 90 at the right places.
        Assert.Equal(0.2, five.Progress(0.3), 12);
        Assert.Equal(1.0, five.Progress(0.95), 12);
    }

    [Fact]
    public void KeyValuesOfTheNamedSchedules()
    {
        Assert.Equal(0, Schedule.OneShot.Progress(0.49));
        Assert.Equal(1, Schedule.OneShot.Progress(0.5));
        Assert.Equal(1.0 / 3, Schedule.Iterative.Progress(0.21), 12);
        Assert.Equal(2.0 / 3, Schedule.Iterative.Progress(0.6), 12);
        Assert.Equal(1 - Math.Pow(0.5, 3), Schedule.Agp.Progress(0.6), 12);
        Assert.Equal(1, Schedule.Dsd.Progress(0.5), 12);
        Assert.Equal(0, Schedule.Dsd.Progress(1.0), 12);
        Assert.Equal(0.5, Schedule.Cos.Progress(0.5), 12);
        Assert.Equal(1, Schedule.OneCycle.Progress(1.0), 12);
    }

    [Fact]
    public void UserFunctionIsUsedInsideTheWindow()
    {
        var square = new Schedule((s, e, p) => s + (e - s) * p * p, startPct: 0.5, name: "square");
        Assert.Equal(0, square.Progress(0.25));
        Assert.Equal(0.25, square.Progress(0.75), 12);
        Assert.Equal(1, square.Progress(1));
    }

    [Fact]
    public void SampleCoversTrainingFromZeroToOne()
    {
        var points = Schedule.Agp.Sample(11);
        Assert.Equal(11, points.Count);
        Assert.Equal(0, points[0].TrainingFraction);
        Assert.Equal(1, points[^1].TrainingFraction);
        for (var i = 0; i < 11; i++)
            Assert.Equal(Schedule.Agp.Progress(i / 10.0), points[i].Value, 12);
    }

    [Fact]
    public void BadArgumentsRaise()
    {
        Assert.Throws<ArgumentException>(() => Schedule.Parse("gradual"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Schedule(Schedule.LinFunction, startPct: 0.8, endPct: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Schedule(Schedule.LinFunction, startPct: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Schedule(Schedule.LinFunction, endPct: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.IterativeSteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Lin.Progress(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Lin.Sample(1));
        Assert.Throws<ArgumentNullException>(() => new Schedule(null!));
    }

    [Fact]
    public void NonFiniteProgressAndCountsThatCannotBeAllocatedAreRejected()
    {
        foreach (var p in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            Assert.Equal("trainingFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Agp.Progress(p)).ParamName);
        Assert.Equal(1, Schedule.Agp.Progress(1e300));
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Agp.Sample(int.MaxValue)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Agp.Plot(points: int.MaxValue)).ParamName);
        Assert.Equal(Schedule.MaxSamples, Schedule.Lin.Sample(Schedule.MaxSamples).Count);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.IterativeFunction(0, 1, 0.5, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => new Schedule(Schedule.LinFunction, name: " "));
    }
}
