namespace FasterSharp.Distill;

/// <summary>Argument checks shared by the losses.</summary>
internal static class Arguments
{
    public static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive and finite");

    public static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be 0 or more and finite");

    public static string Format(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
