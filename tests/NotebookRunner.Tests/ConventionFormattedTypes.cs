using System.Text.Json;
using NotebookRunner.Tests;

// This project also sees the real attribute (through the runner's .NET Interactive packages); the local copy
// wins (CS0436), which is the point: a library's own attribute, matched by name, as in FasterSharp.
#pragma warning disable CS0436

// A library's own copy of the attribute .NET Interactive recognises by name (no package reference).
namespace Microsoft.DotNet.Interactive.Formatting
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
    internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
    {
        public Type FormatterSourceType { get; } = formatterSourceType;

        public string[]? PreferredMimeTypes { get; set; }
    }
}

namespace NotebookRunner.Tests
{
    /// <summary>A result object rendered as an HTML table, plain text and a Plotly figure.</summary>
    [Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(ScoreFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
    internal class Score(string name, double value)
    {
        public string Name { get; } = name;

        public double Value { get; } = value;

        public override string ToString() => "ToString must not be used";
    }

    /// <summary>Inherits its formatters from <see cref="Score"/>.</summary>
    internal sealed class BestScore(string name, double value) : Score(name, value);

    internal sealed class ScoreFormatterSource
    {
        public IEnumerable<object> CreateTypeFormatters()
        {
            yield return new ConventionFormatter("text/html", (score, writer) => writer.Write($"<table><tr><td>{score.Name}</td><td>{score.Value}</td></tr></table>"));
            yield return new ConventionFormatter("text/plain", (score, writer) => writer.Write($"{score.Name}: {score.Value}"));
            yield return new ConventionFormatter("application/vnd.plotly.v1+json", (score, writer) =>
                writer.Write(JsonSerializer.Serialize(new { data = new[] { new { type = "bar", x = new[] { score.Name }, y = new[] { score.Value } } } })));
        }
    }

    /// <summary>A formatter by convention: MimeType, Type and bool Format(object, TextWriter).</summary>
    internal sealed class ConventionFormatter(string mimeType, Action<Score, TextWriter> write)
    {
        public string MimeType { get; } = mimeType;

        public Type Type => typeof(Score);

        public bool Format(object instance, TextWriter writer)
        {
            write((Score)instance, writer);
            return true;
        }
    }
}
