using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Tutorials.Tests;

/// <summary>A reader who runs a convolution before <c>ConvolutionSafety.Ensure()</c> (oneDNN then starts uncapped, with
/// the kernels that are faulty on some CPUs) still gets exact convolutions afterwards, in the same kernel: Ensure turns
/// LibTorch's oneDNN off where its check fails, instead of asking for a kernel restart.</summary>
public class LateConvolutionSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public void Ensure_after_a_first_convolution_leaves_later_convolutions_exact()
    {
        var fasterSharp = CodeNotebook.FasterSharpDll();
        var folder = Directory.CreateTempSubdirectory("late-ensure-").FullName;
        try
        {
            var path = Path.Combine(folder, "late.ipynb");
            File.WriteAllText(path, CodeNotebook.Of(
                $"#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"{fasterSharp}\"\nusing static TorchSharp.torch;\n" +
                "nn.functional.conv2d(randn(2, 20, 8, 8), randn(4, 20, 3, 3)).sum().item<float>()   // oneDNN starts here",
                "Console.WriteLine(FasterSharp.Runtime.ConvolutionSafety.Ensure());",
                "var x = randn(8, 50, 14, 14); var w = randn(100, 50, 3, 3) * 0.1;\n" +
                "var d = (nn.functional.conv2d(x, w, padding: [1, 1]).to(float64) - nn.functional.conv2d(x.to(float64), w.to(float64), padding: [1, 1])).abs().max().item<double>();\n" +
                "Console.WriteLine($\"conv 50->100 difference: {d:0.0e+00}\");").ToJsonString());

            var (exitCode, log, _) = TutorialNotebookTests.RunRunner(["--timeout", "120", path]);

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            string Text(int cell) => CodeNotebook.StreamText(cells[cell]!);
            var check = Text(1);
            Assert.Contains("float32 convolution check: max |float32 − float64| = ", check);
            // Where oneDNN is exact at its full instruction set there is nothing to guard (no cap, oneDNN on); where it
            // is faulty, the late Ensure turns it off. Either way the convolution below must be exact.
            Assert.True(check.Contains("with LibTorch's oneDNN kernels off (with them on: ", StringComparison.Ordinal)
                        || check.Contains("(ONEDNN_MAX_CPU_ISA=", StringComparison.Ordinal), check);
            var difference = Text(2);
            output.WriteLine(check + difference);
            var value = double.Parse(difference.Split("difference: ")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(value < 1e-4, difference);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
