using System.Text.Json.Nodes;

namespace Tutorials.Tests;

/// <summary>The runner as a process, when a cell times out while LibTorch is computing: the cell's thread is still in
/// native code when the runner ends, and the process must still end with the runner's exit code and its report,
/// not die of a signal.</summary>
public class RunnerExitTests
{
    [Fact]
    public void A_cell_timed_out_inside_LibTorch_ends_the_runner_with_exit_code_1_not_a_crash()
    {
        var folder = Directory.CreateTempSubdirectory("runner-exit-").FullName;
        try
        {
            var path = Path.Combine(folder, "busy.ipynb");
            File.WriteAllText(path, CodeNotebook.Of(
                "#r \"nuget: TorchSharp-cpu, 0.107.0\"\nusing static TorchSharp.torch;\nvar a = randn(1000, 1000);\na.matmul(a).sum().item<float>()",
                "while (true) a.matmul(a).Dispose();   // native work that never ends").ToJsonString());

            var (exitCode, log, _) = TutorialNotebookTests.RunRunner(["--timeout", "8", path]);

            Assert.True(exitCode == 1, $"exit code {exitCode} (1 expected; 128 + N is a signal):\n{log}");
            Assert.Contains("FAILED at cell 2: System.TimeoutException", log);
            Assert.Contains("0 of 1 notebook(s) succeeded", log);
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            Assert.Equal("System.TimeoutException", cells[1]!["outputs"]![0]!["ename"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
