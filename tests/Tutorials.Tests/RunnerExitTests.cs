using System.Text.Json.Nodes;

namespace Tutorials.Tests;

/// <summary>The runner as a process, when a cell times out while LibTorch is computing (the cell's thread is still in
/// native code when the notebook's worker process ends) or ends its process: the runner must still end with its own
/// exit code and report, not die of a signal or take over the cell's exit code.</summary>
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

    [Fact]
    public void Cells_that_overflow_the_stack_or_call_Environment_Exit_end_the_runner_with_exit_code_1_and_the_other_notebooks_run()
    {
        var folder = Directory.CreateTempSubdirectory("runner-exit-").FullName;
        try
        {
            var overflow = Path.Combine(folder, "overflow.ipynb");
            var exit = Path.Combine(folder, "exit.ipynb");
            var fine = Path.Combine(folder, "fine.ipynb");
            File.WriteAllText(overflow, CodeNotebook.Of("int Deeper(int n) => Deeper(n + 1) + 1;\nDeeper(0)").ToJsonString());
            File.WriteAllText(exit, CodeNotebook.Of("Environment.Exit(3);").ToJsonString());
            File.WriteAllText(fine, CodeNotebook.Of("\"fine\"").ToJsonString());

            var (exitCode, log, _) = TutorialNotebookTests.RunRunner([overflow, exit, fine]);

            Assert.True(exitCode == 1, $"exit code {exitCode} (1 expected; 134 is the stack overflow's SIGABRT, 3 the cell's exit code):\n{log}");
            Assert.Contains("overflow.ipynb FAILED at cell 1: DeadKernelError: Cell 1 ended the process running the notebook: a stack overflow", log);
            Assert.Contains("exit.ipynb FAILED at cell 1: DeadKernelError: Cell 1 ended the process running the notebook: exit code 3", log);
            Assert.Contains("1 of 3 notebook(s) succeeded", log);
            var cells = JsonNode.Parse(File.ReadAllText(fine))!["cells"]!.AsArray();
            Assert.Equal("fine", cells[0]!["outputs"]![0]!["data"]!["text/plain"]![0]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
