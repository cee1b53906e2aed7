using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public class CellExecutionTests
{
    [Fact]
    public void State_carries_across_cells_and_a_trailing_expression_becomes_execute_result()
    {
        using var notebook = new TestNotebook()
            .Code("var x = 20;\nint Twice(int v) => 2 * v;")
            .Code("x += 1;")
            .Code("Twice(x)");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        Assert.Empty(notebook.Outputs(1));
        Assert.Empty(notebook.Outputs(2));
        var result = Assert.Single(notebook.Outputs(3));
        Assert.Equal("execute_result", result!["output_type"]!.GetValue<string>());
        Assert.Equal(3, result["execution_count"]!.GetValue<int>());
        // The kernel's own formatter: numbers as HTML (as VS Code and Jupyter show them), strings as plain text.
        Assert.Contains("<pre>42</pre>", TestNotebook.Text(result["data"]!["text/html"]));
        Assert.Equal(new[] { 1, 2, 3 }, notebook.Cells().Select(cell => cell!["execution_count"]!.GetValue<int>()));
    }

    [Fact]
    public void Console_output_is_captured_per_cell_as_stdout_and_stderr_streams()
    {
        using var notebook = new TestNotebook()
            .Code("Console.WriteLine(\"one\");")
            .Code("Console.Write(\"two \");\nConsole.WriteLine(\"three\");\nConsole.Error.WriteLine(\"warning\");");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var first = Assert.Single(notebook.Outputs(1));
        Assert.Equal("stream", first!["output_type"]!.GetValue<string>());
        Assert.Equal("stdout", first["name"]!.GetValue<string>());
        Assert.Equal("one\n", TestNotebook.Text(first["text"]));
        var second = notebook.Outputs(2);
        Assert.Equal(2, second.Count);
        Assert.Equal(("stdout", "two three\n"), (second[0]!["name"]!.GetValue<string>(), TestNotebook.Text(second[0]!["text"])));
        Assert.Equal(("stderr", "warning\n"), (second[1]!["name"]!.GetValue<string>(), TestNotebook.Text(second[1]!["text"])));
    }

    [Fact]
    public void Console_output_from_other_threads_lands_in_the_running_cell()
    {
        using var notebook = new TestNotebook()
            .Code("var worker = new System.Threading.Thread(() => Console.WriteLine(\"from a thread\"));\nworker.Start();\nworker.Join();")
            .Code("await Task.Run(() => Console.WriteLine(\"from the pool\"));");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        Assert.Equal("from a thread\n", TestNotebook.Text(Assert.Single(notebook.Outputs(1))!["text"]));
        Assert.Equal("from the pool\n", TestNotebook.Text(Assert.Single(notebook.Outputs(2))!["text"]));
    }

    [Fact]
    public void Display_and_console_output_keep_their_order_and_old_outputs_are_replaced()
    {
        using var notebook = new TestNotebook()
            .Code("Console.WriteLine(\"before\");\ndisplay(\"shown\");\nConsole.WriteLine(\"after\");\nnew[] { 1, 2, 3 }");
        notebook.Write();
        var stale = notebook.Read();
        stale["cells"]![0]!["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "stale" });
        File.WriteAllText(notebook.Path, stale.ToJsonString());

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        var outputs = notebook.Outputs(1);
        Assert.Equal(new[] { "stream", "display_data", "stream", "execute_result" },
            outputs.Select(output => output!["output_type"]!.GetValue<string>()));
        Assert.Equal("before\n", TestNotebook.Text(outputs[0]!["text"]));
        Assert.Equal("shown", TestNotebook.Text(outputs[1]!["data"]!["text/plain"]));
        Assert.Equal("after\n", TestNotebook.Text(outputs[2]!["text"]));
        Assert.Contains("<pre>[ 1, 2, 3 ]</pre>", TestNotebook.Text(outputs[3]!["data"]!["text/html"]));
    }

    [Fact]
    public void Markdown_cells_are_left_untouched()
    {
        using var notebook = new TestNotebook().Markdown("# Title\nSome *prose*.").Code("1");
        notebook.Write();
        var before = notebook.Read();
        before["cells"]![0]!["id"] = "intro";
        before["cells"]![0]!["metadata"] = new JsonObject { ["tags"] = new JsonArray("keep") };
        File.WriteAllText(notebook.Path, before.ToJsonString());

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        Assert.True(JsonNode.DeepEquals(before["cells"]![0], notebook.Cells()[0]));
    }

    [Fact]
    public void A_throwing_cell_gets_an_error_output_and_stops_the_run()
    {
        using var notebook = new TestNotebook()
            .Code("Console.WriteLine(\"ran\");")
            .Markdown("between")
            .Code("int Fail() => throw new InvalidOperationException(\"boom at step 3\");\nFail();")
            .Code("Console.WriteLine(\"must not run\");");
        notebook.Write();
        var stale = notebook.Read();
        stale["cells"]![3]!["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "stale" });
        stale["cells"]![3]!["execution_count"] = 7;
        File.WriteAllText(notebook.Path, stale.ToJsonString());

        Assert.Equal(RunnerCommand.NotebookFailed, RunnerCommand.Run([notebook.Path], TextWriter.Null));

        Assert.Equal("ran\n", TestNotebook.Text(Assert.Single(notebook.Outputs(1))!["text"]));
        var error = Assert.Single(notebook.Outputs(3))!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("boom at step 3", error["evalue"]!.GetValue<string>());
        var traceback = error["traceback"]!.AsArray().Select(line => line!.GetValue<string>()).ToList();
        Assert.StartsWith("Cell 3:", traceback[0]);
        Assert.Contains(traceback, line => line.Contains("Submission#", StringComparison.Ordinal) && line.Contains(".Fail()", StringComparison.Ordinal));
        Assert.DoesNotContain(traceback, line => line.Contains("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
        Assert.Empty(notebook.Outputs(4));
        Assert.Null(notebook.Cells()[3]!["execution_count"]);
    }

    [Fact]
    public void A_compile_error_gets_an_error_output_naming_the_cell_and_stops_the_run()
    {
        using var notebook = new TestNotebook()
            .Code("var ok = 1;")
            .Code("var y = undefinedName + 1;")
            .Code("ok");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run());

        var error = Assert.Single(notebook.Outputs(2))!;
        Assert.Equal("Microsoft.DotNet.Interactive.CodeSubmissionCompilationErrorException", error["ename"]!.GetValue<string>());
        Assert.Contains("CS0103", error["evalue"]!.GetValue<string>());
        Assert.StartsWith("Cell 2:", error["traceback"]![0]!.GetValue<string>());
        Assert.Empty(notebook.Outputs(3));
    }

    [Fact]
    public void A_cell_running_past_the_timeout_gets_a_timeout_error_and_stops_the_run()
    {
        using var notebook = new TestNotebook()
            .Code("System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);")
            .Code("1");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run("--timeout", "1.5"));

        var error = Assert.Single(notebook.Outputs(1))!;
        Assert.Equal("System.TimeoutException", error["ename"]!.GetValue<string>());
        Assert.Contains("timeout of 1.5 s", error["evalue"]!.GetValue<string>());
        Assert.Empty(notebook.Outputs(2));
    }

    [Fact]
    public void Quick_mode_sets_the_environment_variable_only_while_the_notebook_runs()
    {
        const string read = "Environment.GetEnvironmentVariable(\"FASTERSHARP_QUICK\") ?? \"unset\"";
        using var quick = new TestNotebook().Code(read);
        using var full = new TestNotebook().Code(read);
        var before = Environment.GetEnvironmentVariable(ExecutionSettings.QuickModeVariable);

        Assert.Equal(RunnerCommand.Success, quick.Run("--quick"));
        Assert.Equal(RunnerCommand.Success, full.Run());

        Assert.Equal("1", TestNotebook.Text(quick.Outputs(1)[0]!["data"]!["text/plain"]));
        Assert.Equal("unset", TestNotebook.Text(full.Outputs(1)[0]!["data"]!["text/plain"]));
        Assert.Equal(before, Environment.GetEnvironmentVariable(ExecutionSettings.QuickModeVariable));
    }

    [Fact]
    public void A_result_whose_ToString_never_returns_is_stopped_by_the_cell_timeout()
    {
        // The kernel's HTML formatter shows ToString() as the summary of an object: formatting is part of the cell.
        using var notebook = new TestNotebook()
            .Code("class Stuck { public override string ToString() { while (true) System.Threading.Thread.Sleep(10); } }")
            .Code("new Stuck()")
            .Code("1");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run("--timeout", "5"));

        var error = Assert.Single(notebook.Outputs(2))!;
        Assert.Equal("System.TimeoutException", error["ename"]!.GetValue<string>());
        Assert.StartsWith("Cell 2 did not finish within the cell timeout of 5 s", error["evalue"]!.GetValue<string>());
        Assert.Empty(notebook.Outputs(3));
    }

    [Fact]
    public void A_cell_still_running_after_its_timeout_does_not_write_into_the_next_notebook()
    {
        // The first notebook's second cell keeps printing and displaying for 15 s or more, well past its 5 s timeout;
        // the second notebook runs meanwhile, in the same process.
        using var first = new TestNotebook("first.ipynb")
            .Code("\"warmed up\"")
            .Code("for (var i = 0; i < 300; i++) { Console.WriteLine(\"leak\"); Console.Error.WriteLine(\"leak\"); display(\"leak\"); System.Threading.Thread.Sleep(50); }");
        using var second = new TestNotebook("second.ipynb")
            .Code("System.Threading.Thread.Sleep(1000);\nConsole.WriteLine(\"second\");\n\"done\"");
        var log = new StringWriter();

        var exitCode = RunnerCommand.Run(["--timeout", "5", first.Write(), second.Write()], log);

        Assert.Equal(RunnerCommand.NotebookFailed, exitCode);
        var leaked = first.Outputs(2);
        Assert.Equal("System.TimeoutException", leaked[^1]!["ename"]!.GetValue<string>());
        Assert.Contains(leaked, output => output!["output_type"]!.GetValue<string>() == "stream"); // what came before the timeout is kept
        var outputs = second.Outputs(1);
        Assert.True(outputs.Count == 2, outputs.ToJsonString());
        Assert.Equal("second\n", TestNotebook.Text(outputs[0]!["text"]));
        Assert.Equal("done", TestNotebook.Text(outputs[1]!["data"]!["text/plain"]));
        Assert.Contains("1 of 2 notebook(s) succeeded", log.ToString());
    }

    [Fact]
    public void A_cell_that_replaces_the_console_writer_keeps_its_own_text_and_later_cells_are_still_captured()
    {
        using var notebook = new TestNotebook()
            .Code("var mine = new System.IO.StringWriter();\nConsole.SetOut(mine);\nConsole.WriteLine(\"kept by the cell\");")
            .Code("Console.WriteLine(\"captured again\");\nmine.ToString()");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        Assert.Empty(notebook.Outputs(1));
        var outputs = notebook.Outputs(2);
        Assert.Equal("captured again\n", TestNotebook.Text(outputs[0]!["text"]));
        Assert.Equal("kept by the cell\n", TestNotebook.Text(outputs[1]!["data"]!["text/plain"]));
    }

    [Fact]
    public void Console_is_restored_after_a_run()
    {
        var consoleOut = Console.Out;
        using var notebook = new TestNotebook().Code("Console.WriteLine(1);");

        notebook.Run();

        Assert.Same(consoleOut, Console.Out);
    }
}
