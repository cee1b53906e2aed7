using System.Diagnostics;

namespace NotebookRunner.Tests;

/// <summary>Each notebook runs in a worker process, so what a cell does to its process fails that notebook only:
/// the runner reports it as exit code 1, writes the error into the cell, and runs the next notebook.</summary>
public class WorkerProcessTests
{
    [Fact]
    public void A_stack_overflow_fails_its_notebook_with_an_error_in_the_cell_and_the_next_notebook_still_runs()
    {
        using var crashing = new TestNotebook("crashing.ipynb")
            .Code("Console.WriteLine(\"before\");")
            .Code("int Deeper(int n) => Deeper(n + 1) + 1;\nDeeper(0)")
            .Code("\"must not run\"");
        using var next = new TestNotebook("next.ipynb").Code("\"ran\"");
        var log = new StringWriter();

        var exitCode = RunnerCommand.Run([crashing.Write(), next.Write()], log);

        Assert.Equal(RunnerCommand.NotebookFailed, exitCode);
        Assert.Equal("before\n", TestNotebook.Text(Assert.Single(crashing.Outputs(1))!["text"]));
        var error = Assert.Single(crashing.Outputs(2))!;
        Assert.Equal("DeadKernelError", error["ename"]!.GetValue<string>());
        Assert.StartsWith("Cell 2 ended the process running the notebook: a stack overflow", error["evalue"]!.GetValue<string>());
        Assert.StartsWith("Cell 2: DeadKernelError:", error["traceback"]![0]!.GetValue<string>());
        Assert.Equal(2, crashing.Cells()[1]!["execution_count"]!.GetValue<int>());
        Assert.Empty(crashing.Outputs(3));
        Assert.Null(crashing.Cells()[2]!["execution_count"]);
        Assert.Equal("ran", TestNotebook.Text(next.Outputs(1)[0]!["data"]!["text/plain"]));
        Assert.Contains("crashing.ipynb FAILED at cell 2: DeadKernelError", log.ToString());
        Assert.Contains("1 of 2 notebook(s) succeeded", log.ToString());
        Assert.True(NbformatValidator.Validate(crashing.Path).ExitCode == 0, NbformatValidator.Validate(crashing.Path).Output);
    }

    [Theory]
    [InlineData("Environment.Exit(3);", "exit code 3 (Environment.Exit")]
    [InlineData("Environment.Exit(0);", "exit code 0 (Environment.Exit")]
    [InlineData("System.Diagnostics.Process.GetCurrentProcess().Kill();", "signal 9 (SIGKILL, exit code 137)")]
    public void A_cell_that_ends_its_process_fails_the_notebook_with_exit_code_1_and_says_how_it_ended(string cell, string how)
    {
        using var notebook = new TestNotebook().Code("var before = 1;").Code(cell).Code("before");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run());

        var error = Assert.Single(notebook.Outputs(2))!;
        Assert.Equal("DeadKernelError", error["ename"]!.GetValue<string>());
        Assert.Contains(how, error["evalue"]!.GetValue<string>());
        Assert.Empty(notebook.Outputs(3));
    }

    [Fact]
    public async Task A_foreground_thread_a_cell_leaves_running_does_not_keep_the_runner_from_ending()
    {
        using var notebook = new TestNotebook()
            .Code("new System.Threading.Thread(() => System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite)).Start();")
            .Code("\"after\"");

        // A process waits for its foreground threads before it ends; the worker must not, or the runner waits forever.
        var exitCode = await Task.Run(() => notebook.Run()).WaitAsync(TimeSpan.FromMinutes(2)); // TimeoutException: it did not end

        Assert.Equal(RunnerCommand.Success, exitCode);
        Assert.Equal("after", TestNotebook.Text(notebook.Outputs(2)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task A_process_a_cell_leaves_running_does_not_keep_the_runner_waiting_for_its_output()
    {
        // The child inherits the worker's standard output and error, so those pipes stay open after the worker ended.
        using var notebook = new TestNotebook()
            .Code("var sleeper = System.Diagnostics.Process.Start(\"sleep\", \"300\");\nSystem.IO.File.WriteAllText(\"sleeper.pid\", sleeper.Id.ToString());");
        try
        {
            var exitCode = await Task.Run(() => notebook.Run()).WaitAsync(TimeSpan.FromSeconds(90)); // TimeoutException: it waited

            Assert.Equal(RunnerCommand.Success, exitCode);
        }
        finally
        {
            using var sleeper = Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(notebook.Folder, "sleeper.pid"))));
            sleeper.Kill();
        }
    }

    [Fact]
    public void A_cell_reading_the_console_sees_the_end_of_its_input_instead_of_waiting()
    {
        using var notebook = new TestNotebook().Code("Console.ReadLine() ?? \"end of input\"");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        Assert.Equal("end of input", TestNotebook.Text(notebook.Outputs(1)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void A_worker_that_makes_no_progress_past_the_cell_timeout_is_killed_and_its_cell_gets_the_error()
    {
        // SIGSTOP freezes the whole worker, the thread that enforces the cell timeout included: only the runner can stop it.
        using var notebook = new TestNotebook()
            .Code("\"started\"")
            .Code("System.Diagnostics.Process.Start(\"kill\", $\"-STOP {Environment.ProcessId}\")!.WaitForExit();\nSystem.Threading.Thread.Sleep(5000);");

        var log = new StringWriter();

        Assert.Equal(RunnerCommand.NotebookFailed, RunnerCommand.Run(["--timeout", "5", notebook.Write()], log));

        Assert.True(notebook.Outputs(2).Count == 1, log + notebook.Read().ToJsonString());
        var evalue = Assert.Single(notebook.Outputs(2))!["evalue"]!.GetValue<string>();
        Assert.True(evalue.StartsWith("Cell 2 ended the process running the notebook: it made no progress for 3", StringComparison.Ordinal), log.ToString());
        Assert.Contains(" s, past the cell timeout, and was killed", evalue);
        Assert.Equal("started", TestNotebook.Text(notebook.Outputs(1)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void A_worker_ends_soon_after_the_runner_that_started_it_is_killed()
    {
        using var notebook = new TestNotebook()
            .Code("System.IO.File.WriteAllText(\"worker.pid\", Environment.ProcessId.ToString());\nSystem.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { typeof(RunnerCommand).Assembly.Location, notebook.Write() } };
        using var runner = Process.Start(start)!;
        var pidFile = Path.Combine(notebook.Folder, "worker.pid");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Length == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the worker never started its cell");
            Thread.Sleep(100);
        }

        using var worker = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile)));
        runner.Kill(); // the runner alone, as an outside kill would
        runner.WaitForExit();

        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(15)), "the worker outlived its runner");
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"notebookrunner-{runner.Id}-*.jsonl")); // nobody will read its journal
    }

    [Fact]
    public void The_worker_writes_per_cell_progress_and_its_other_output_to_the_runners_log()
    {
        using var notebook = new TestNotebook("progress.ipynb")
            .Code("var raw = new System.IO.StreamWriter(Console.OpenStandardError()) { AutoFlush = true };\nraw.WriteLine(\"written to the process's own standard error\");");
        var log = new StringWriter();

        Assert.True(RunnerCommand.Run([notebook.Write()], log) == 0, log + notebook.Read().ToJsonString());

        Assert.Contains("progress.ipynb: cell 1 (1/1 code cells) done in", log.ToString());
        Assert.Contains("written to the process's own standard error", log.ToString());
        Assert.Empty(notebook.Outputs(1)); // not through Console.Error, so not the cell's output
    }
}
