namespace FasterSharp.Distill;

/// <summary>Formats tensor shapes for messages.</summary>
internal static class Shapes
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
