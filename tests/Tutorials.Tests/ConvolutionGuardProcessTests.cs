using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Tutorials.Tests;

/// <summary>The guard's effect in a fresh process, as a reader's kernel sees it: a faulty verdict caps oneDNN at
/// SSE4.1 before the first convolution, an exact one leaves it uncapped; convolutions are exact either way.</summary>
public class ConvolutionGuardProcessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("faulty", "(ONEDNN_MAX_CPU_ISA=SSE41); oneDNN guard: FASTERSHARP_ONEDNN_VERDICT=faulty: capped at SSE41")]
    [InlineData("exact", "(ONEDNN_MAX_CPU_ISA=unset); oneDNN guard: FASTERSHARP_ONEDNN_VERDICT=exact: no cap")]
    public void A_forced_verdict_caps_or_not_before_the_first_convolution(string verdict, string expected)
    {
        var fasterSharp = CodeNotebook.FasterSharpDll();
        var folder = Directory.CreateTempSubdirectory("guard-").FullName;
        try
        {
            var path = Path.Combine(folder, "guard.ipynb");
            File.WriteAllText(path, CodeNotebook.Of(
                $"#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"{fasterSharp}\"\nusing static TorchSharp.torch;",
                "Console.WriteLine(FasterSharp.Runtime.ConvolutionSafety.Ensure());",
                "var x = randn(8, 50, 14, 14); var w = randn(100, 50, 3, 3) * 0.1;\n" +
                "var d = (nn.functional.conv2d(x, w, padding: [1, 1]).to(float64) - nn.functional.conv2d(x.to(float64), w.to(float64), padding: [1, 1])).abs().max().item<double>();\n" +
                "Console.WriteLine($\"conv 50->100 difference: {d:0.0e+00}\");").ToJsonString());

            var (exitCode, log, _) = TutorialNotebookTests.RunRunner(["--timeout", "120", path],
                new Dictionary<string, string?> { ["FASTERSHARP_ONEDNN_VERDICT"] = verdict, ["ONEDNN_MAX_CPU_ISA"] = null });

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            var check = CodeNotebook.StreamText(cells[1]!);
            var difference = CodeNotebook.StreamText(cells[2]!);
            output.WriteLine(check + difference);
            Assert.Contains(expected, check);
            var value = double.Parse(difference.Split("difference: ")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(value < 1e-4, difference);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
