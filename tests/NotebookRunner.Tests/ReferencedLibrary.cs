using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookRunner.Tests;

/// <summary>
/// Builds, into a folder, what a notebook's <c>#r</c> points at in the tutorials: a library (Plots.dll)
/// with its own copy of the display attribute, a managed dependency beside it (Numbers.dll) and a native
/// library beside it (libfsprobe.so) that it P/Invokes.
/// </summary>
internal static class ReferencedLibrary
{
    private const string NumbersSource =
        """
        namespace Numbers;
        public static class Answer { public static int Value => 42; }
        """;

    private const string PlotsSource =
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Runtime.InteropServices;

        namespace Microsoft.DotNet.Interactive.Formatting
        {
            [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
            public sealed class TypeFormatterSourceAttribute : Attribute
            {
                public TypeFormatterSourceAttribute(Type formatterSourceType) { FormatterSourceType = formatterSourceType; }
                public Type FormatterSourceType { get; }
                public string[] PreferredMimeTypes { get; set; }
            }
        }

        namespace Plots
        {
            [Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = new[] { "text/html", "application/vnd.plotly.v1+json" })]
            public sealed class Figure
            {
                public Figure(string title) { Title = title; }
                public string Title { get; }
            }

            public sealed class FigureFormatterSource
            {
                public IEnumerable<object> CreateTypeFormatters()
                {
                    yield return new FigureFormatter("text/html");
                    yield return new FigureFormatter("application/vnd.plotly.v1+json");
                }
            }

            public sealed class FigureFormatter
            {
                public FigureFormatter(string mimeType) { MimeType = mimeType; }
                public string MimeType { get; }
                public Type Type => typeof(Figure);
                public bool Format(object instance, TextWriter writer)
                {
                    var title = ((Figure)instance).Title;
                    writer.Write(MimeType == "text/html"
                        ? "<div class=\"figure\">" + title + "</div>"
                        : "{\"layout\":{\"title\":{\"text\":\"" + title + "\"}},\"data\":[]}");
                    return true;
                }
            }

            public static class Native
            {
                [DllImport("fsprobe")]
                private static extern double fsprobe_triple(double x);
                public static double Triple(double x) => fsprobe_triple(x);
            }

            public static class FromDependency
            {
                public static int Answer() => Numbers.Answer.Value;
            }
        }
        """;

    /// <summary>Writes Numbers.dll, Plots.dll and libfsprobe.so into <paramref name="folder"/>.</summary>
    public static void Build(string folder)
    {
        Directory.CreateDirectory(folder);
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        var numbers = Compile("Numbers", NumbersSource, platform, folder);
        Compile("Plots", PlotsSource, [.. platform, MetadataReference.CreateFromFile(numbers)], folder);
        BuildNativeLibrary(folder);
    }

    private static string Compile(string name, string source, IEnumerable<MetadataReference> references, string folder)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var path = Path.Combine(folder, name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }

    private static void BuildNativeLibrary(string folder)
    {
        var source = Path.Combine(folder, "fsprobe.c");
        File.WriteAllText(source, "double fsprobe_triple(double x) { return 3.0 * x; }\n");
        var start = new ProcessStartInfo("gcc")
        {
            ArgumentList = { "-shared", "-fPIC", "-o", Path.Combine(folder, "libfsprobe.so"), source },
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "gcc failed: " + errors);
        File.Delete(source);
    }
}
