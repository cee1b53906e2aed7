using System.Globalization;
using System.Text;

namespace TorchSharp;

public static partial class torch
{
    // Text renderings of a tensor.
    public partial class Tensor
    {
        private const int SummaryThreshold = 1000;
        private const int SummaryEdgeItems = 3;

        /// <summary>Shape, element type and device, as TorchSharp writes them: <c>[2x3], type = Float32, device = cpu</c>.
        /// A disposed tensor gives an empty string.</summary>
        public override string ToString()
        {
            if (IsInvalid) return "";
            return $"[{string.Join("x", shape)}], type = {dtype}, device = {device}";
        }

        /// <summary>The values when <paramref name="disamb"/> is true (see <see cref="ToString(TensorStringStyle, string?, int?, CultureInfo?, string?)"/>), otherwise the metadata.</summary>
        public string ToString(bool disamb, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null, string? newLine = null) =>
            disamb ? ToString(TensorStringStyle.Default, fltFormat, width, cultureInfo, newLine) : ToString();

        /// <summary>A rendering in <paramref name="style"/>: metadata only, or the metadata line followed by the values
        /// NumPy-style (<c>[[1, 2], [3, 4]]</c>); tensors over 1000 elements show the first and last 3 entries of each dimension.</summary>
        /// <param name="style">The style; every value style renders NumPy-like here.</param>
        /// <param name="fltFormat">.NET format of floating-point values; "g5" when null.</param>
        /// <param name="width">Ignored: rows are not wrapped.</param>
        /// <param name="cultureInfo">Culture of the numbers; the invariant culture when null.</param>
        /// <param name="newLine">Line separator; <see cref="Environment.NewLine"/> when null.</param>
        public string ToString(TensorStringStyle style, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null, string? newLine = null)
        {
            if (style == TensorStringStyle.Metadata || IsInvalid) return ToString();
            var nl = newLine ?? Environment.NewLine;
            var culture = cultureInfo ?? CultureInfo.InvariantCulture;
            var format = fltFormat ?? "g5";
            var (values, type) = ReadForText();
            var dims = shape;
            var summarize = values.Length > SummaryThreshold;
            var sb = new StringBuilder();
            sb.Append(ToString()).Append(nl);
            Render(sb, values, dims, 0, 0, type, format, culture, nl, summarize);
            return sb.ToString();
        }

        /// <summary>The values, NumPy-style (see <see cref="ToString(TensorStringStyle, string?, int?, CultureInfo?, string?)"/>).</summary>
        public string str(string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null, string? newLine = null) =>
            ToString(TensorStringStyle.Numpy, fltFormat, width, cultureInfo, newLine);

        private (object[] values, ScalarType type) ReadForText()
        {
            var type = dtype;
            if (type == ScalarType.Bool)
            {
                using var b = to_type(ScalarType.Bool);
                return (b.ReadElements<bool>().Select(v => (object)v).ToArray(), type);
            }
            if (is_integral(type))
            {
                using var l = to_type(ScalarType.Int64);
                return (l.ReadElements<long>().Select(v => (object)v).ToArray(), type);
            }
            using var d = to_type(ScalarType.Float64);
            return (d.ReadElements<double>().Select(v => (object)v).ToArray(), type);
        }

        private static void Render(StringBuilder sb, object[] values, long[] dims, int depth, long offset, ScalarType type,
            string format, CultureInfo culture, string nl, bool summarize)
        {
            if (dims.Length == 0)
            {
                sb.Append(FormatValue(values[0], format, culture));
                return;
            }
            var size = dims[depth];
            long stride = 1;
            for (var d = depth + 1; d < dims.Length; d++) stride *= dims[d];
            sb.Append('[');
            for (long i = 0; i < size; i++)
            {
                if (summarize && size > 2 * SummaryEdgeItems && i == SummaryEdgeItems)
                {
                    sb.Append("...");
                    i = size - SummaryEdgeItems - 1;
                    AppendSeparator(sb, dims, depth, nl);
                    continue;
                }
                if (depth == dims.Length - 1) sb.Append(FormatValue(values[offset + i], format, culture));
                else Render(sb, values, dims, depth + 1, offset + i * stride, type, format, culture, nl, summarize);
                if (i < size - 1) AppendSeparator(sb, dims, depth, nl);
            }
            sb.Append(']');
        }

        private static void AppendSeparator(StringBuilder sb, long[] dims, int depth, string nl)
        {
            sb.Append(',');
            if (depth == dims.Length - 1) sb.Append(' ');
            else
            {
                for (var k = depth; k < dims.Length - 2; k++) sb.Append(nl);
                sb.Append(nl).Append(' ', depth + 1);
            }
        }

        private static string FormatValue(object value, string format, CultureInfo culture) => value switch
        {
            bool b => b ? "true" : "false",
            long l => l.ToString(culture),
            double d => d.ToString(format, culture),
            _ => value.ToString() ?? "",
        };
    }
}
