using System.Globalization;

namespace FasterSharp.Figures;

/// <summary>Tick values and labels for a log axis that read as plain numbers at every tick (1, 2, 5, 10, 20, …)
/// rather than Plotly's default, which over a decade or two labels only the powers of ten in full and the
/// ticks between them with a bare digit ("7 8 9 10 2 3").</summary>
internal static class LogTicks
{
    /// <summary>Ticks covering [<paramref name="low"/>, <paramref name="high"/>] (positive), plus one step beyond
    /// each end for the padding of Plotly's automatic range (Plotly draws only the ticks inside the range). The
    /// density follows the span: 1, 1.5, 2, 3, 4, 5, 7 per decade (about evenly spaced on the log scale) within one
    /// decade; 1, 2, 3, 5 up to two; 1, 2, 5 up to three and a half; powers of ten beyond, every k-th of them past
    /// ten decades; and evenly spaced round numbers when the span is too narrow to hold three such ticks.</summary>
    public static double[] Covering(double low, double high)
    {
        if (high / low < 1.000001)
        {
            low /= 2;
            high *= 2;
        }
        var decades = Math.Log10(high / low);
        double[] mantissas = decades switch
        {
            <= 1 => [1, 1.5, 2, 3, 4, 5, 7],
            <= 2 => [1, 2, 3, 5],
            <= 3.5 => [1, 2, 5],
            _ => [1],
        };
        var every = decades > 10 ? (int)Math.Ceiling(decades / 10) : 1;
        var first = (int)Math.Floor(Math.Log10(low)) - 1;
        var last = (int)Math.Ceiling(Math.Log10(high)) + 1;
        var candidates = new List<double>();
        for (var e = first - (((first % every) + every) % every); e <= last; e += every)
            foreach (var m in mantissas) candidates.Add(Scaled(m, e));
        var inside = candidates.Count(v => v >= low && v <= high);
        if (inside < 3) return Linear(low, high);
        var below = candidates.Where(v => v < low).DefaultIfEmpty(low).Max();
        var above = candidates.Where(v => v > high).DefaultIfEmpty(high).Min();
        return candidates.Where(v => v >= below && v <= above).ToArray();
    }

    /// <summary>A label for a tick: plain digits ("0.05", "20", "1,500"), SI suffixes from a million ("2M", "5G"),
    /// and an exponent below 10⁻⁴ ("2e-5").</summary>
    public static string Label(double value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (value >= 1e-4 && value < 1000) return value.ToString("G6", inv);
        if (value >= 1000 && value < 1e6) return value.ToString("#,0.##", inv);
        if (value >= 1e6 && value < 1e15)
        {
            var (scale, suffix) = value >= 1e12 ? (1e12, "T") : value >= 1e9 ? (1e9, "G") : (1e6, "M");
            return (value / scale).ToString("G6", inv) + suffix;
        }
        var exponent = (int)Math.Floor(Math.Log10(value));
        return (value / Math.Pow(10, exponent)).ToString("G4", inv) + "e" + exponent.ToString(inv);
    }

    /// <summary>Evenly spaced round ticks (steps of 1, 2, 2.5 or 5 times a power of ten), about five over the span.</summary>
    private static double[] Linear(double low, double high)
    {
        var rough = (high - low) / 4;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * power).First(s => s >= rough);
        var ticks = new List<double>();
        for (var k = Math.Floor(low / step) - 1; k <= Math.Ceiling(high / step) + 1; k++)
        {
            var value = Round(k * step);
            if (value > 0) ticks.Add(value);
        }
        return [.. ticks];
    }

    /// <summary>m·10^e without the representation error of multiplying by a negative power (3 × 0.1 ≠ 0.3).</summary>
    private static double Scaled(double mantissa, int exponent) =>
        exponent >= 0 ? mantissa * Math.Pow(10, exponent) : mantissa / Math.Pow(10, -exponent);

    /// <summary>Rounds away representation noise to 12 significant digits.</summary>
    private static double Round(double value) =>
        value == 0 ? 0 : double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
