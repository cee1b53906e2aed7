namespace NotebookRunner.Tests;

public class CommandLineTests
{
    [Fact]
    public void Out_writes_executed_notebooks_to_another_folder_and_leaves_the_input_unchanged()
    {
        using var notebook = new TestNotebook().Code("$\"{6 * 7}\"");
        var input = notebook.Write();
        var before = File.ReadAllText(input);
        var outFolder = Path.Combine(notebook.Folder, "executed");

        Assert.Equal(RunnerCommand.Success, RunnerCommand.Run(["--out", outFolder, input], TextWriter.Null));

        Assert.Equal(before, File.ReadAllText(input));
        var written = Path.Combine(outFolder, Path.GetFileName(input));
        Assert.Equal("42", TestNotebook.Text(notebook.Outputs(1, written)[0]!["data"]!["text/plain"]));
    }

    [Fact]
    public void Several_notebooks_run_in_their_own_state_and_one_failure_makes_the_exit_code_non_zero()
    {
        using var failing = new TestNotebook("a.ipynb").Code("var shared = 1;").Code("throw new ArgumentException(\"bad\");");
        using var passing = new TestNotebook("b.ipynb").Code("var shared = 2;\nshared.ToString()");
        var log = new StringWriter();

        var exitCode = RunnerCommand.Run([failing.Write(), passing.Write()], log);

        Assert.Equal(RunnerCommand.NotebookFailed, exitCode);
        Assert.Equal("System.ArgumentException", failing.Outputs(2)[0]!["ename"]!.GetValue<string>());
        Assert.Equal("2", TestNotebook.Text(passing.Outputs(1)[0]!["data"]!["text/plain"]));
        Assert.Contains("1 of 2 notebook(s) succeeded", log.ToString());
        Assert.Contains("a.ipynb: cell 1 (1/2 code cells) done in", log.ToString()); // progress, one line per cell
    }

    [Fact]
    public void Html_renders_the_executed_notebook_with_its_outputs()
    {
        using var notebook = new TestNotebook("report.ipynb")
            .Markdown("# A heading for the report")
            .Code("Console.WriteLine(\"printed-by-the-cell\");\n\"result-of-the-cell\"");
        var htmlFolder = Path.Combine(notebook.Folder, "html");

        Assert.Equal(RunnerCommand.Success, notebook.Run("--html", htmlFolder));

        var html = File.ReadAllText(Path.Combine(htmlFolder, "report.html"));
        Assert.Contains("A heading for the report", html);
        Assert.Contains("printed-by-the-cell", html);
        Assert.Contains("result-of-the-cell", html);
    }

    [Fact]
    public void No_html_is_rendered_for_a_failed_notebook()
    {
        using var notebook = new TestNotebook().Code("throw new Exception();");
        var htmlFolder = Path.Combine(notebook.Folder, "html");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run("--html", htmlFolder));

        Assert.False(Directory.Exists(htmlFolder) && Directory.EnumerateFiles(htmlFolder).Any());
    }

    [Theory]
    [InlineData(new string[0], "No notebook given")]
    [InlineData(new[] { "--timeout", "0", "a.ipynb" }, "--timeout must be a positive number of seconds, got '0'")]
    [InlineData(new[] { "--timeout", "soon", "a.ipynb" }, "got 'soon'")]
    [InlineData(new[] { "--out" }, "Option '--out' needs a value")]
    [InlineData(new[] { "--verbose", "a.ipynb" }, "Unknown option '--verbose'")]
    [InlineData(new[] { "" }, "A notebook path is empty or blank ('')")]
    [InlineData(new[] { "a.ipynb", " \t" }, "A notebook path is empty or blank (' \t')")]
    [InlineData(new[] { "--out", "", "a.ipynb" }, "Option '--out' has an empty or blank value ('')")]
    [InlineData(new[] { "--html", "  ", "a.ipynb" }, "Option '--html' has an empty or blank value ('  ')")]
    [InlineData(new[] { "--max-cell-output", "0", "a.ipynb" }, "--max-cell-output must be a whole number of bytes from 1 to 2147483647, optionally with K or M (KiB, MiB), got '0'")]
    [InlineData(new[] { "--max-cell-output", "-5", "a.ipynb" }, "got '-5'")]
    [InlineData(new[] { "--max-cell-output", "1.5M", "a.ipynb" }, "got '1.5M'")]
    [InlineData(new[] { "--max-cell-output", "4G", "a.ipynb" }, "got '4G'")]
    [InlineData(new[] { "--max-cell-output", "2048M", "a.ipynb" }, "got '2048M'")]
    [InlineData(new[] { "--max-cell-output", "M", "a.ipynb" }, "got 'M'")]
    [InlineData(new[] { "--max-cell-output", "+12", "a.ipynb" }, "got '+12'")]
    public void A_bad_command_line_prints_the_problem_and_usage_and_exits_with_2(string[] args, string message)
    {
        var log = new StringWriter();

        Assert.Equal(RunnerCommand.UsageError, RunnerCommand.Run(args, log));

        Assert.Contains(message, log.ToString());
        Assert.Contains("Usage: NotebookRunner", log.ToString());
    }

    [Theory]
    [InlineData("--html")]
    [InlineData("--out")]
    public void An_output_folder_option_naming_a_file_is_a_usage_error_and_nothing_runs(string option)
    {
        using var notebook = new TestNotebook().Code("1");
        var input = notebook.Write();
        var before = File.ReadAllText(input);
        var file = Path.Combine(notebook.Folder, "taken.html");
        File.WriteAllText(file, "not a folder");
        var log = new StringWriter();

        Assert.Equal(RunnerCommand.UsageError, RunnerCommand.Run([option, file, input], log));

        Assert.Contains($"Option '{option}' names '{file}', which is a file; it needs a folder", log.ToString());
        Assert.Equal("not a folder", File.ReadAllText(file));
        Assert.Equal(before, File.ReadAllText(input));
    }

    [Fact]
    public void Options_are_parsed()
    {
        var options = RunnerOptions.Parse(["--quick", "--timeout", "2.5", "--out", "o", "--html", "h", "x.ipynb", "y.ipynb"]);

        Assert.True(options.Quick);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.CellTimeout);
        Assert.Equal(("o", "h"), (options.OutputDirectory, options.HtmlDirectory));
        Assert.Equal(new[] { "x.ipynb", "y.ipynb" }, options.Notebooks);
        Assert.Equal(TimeSpan.FromMinutes(10), RunnerOptions.Parse(["x.ipynb"]).CellTimeout);
        Assert.Equal(4 * 1024 * 1024, RunnerOptions.Parse(["x.ipynb"]).MaxCellOutputBytes);
        Assert.Equal(1000, RunnerOptions.Parse(["--max-cell-output", "1000", "x.ipynb"]).MaxCellOutputBytes);
        Assert.Equal(512 * 1024, RunnerOptions.Parse(["--max-cell-output", "512K", "x.ipynb"]).MaxCellOutputBytes);
        Assert.Equal(2047 * 1024 * 1024, RunnerOptions.Parse(["--max-cell-output", "2047m", "x.ipynb"]).MaxCellOutputBytes);
        Assert.Equal(int.MaxValue, RunnerOptions.Parse(["--max-cell-output", "2147483647", "x.ipynb"]).MaxCellOutputBytes);
    }

    [Fact]
    public void A_missing_notebook_fails_without_stopping_the_others()
    {
        using var notebook = new TestNotebook().Code("1");
        var log = new StringWriter();

        var exitCode = RunnerCommand.Run([Path.Combine(notebook.Folder, "missing.ipynb"), notebook.Write()], log);

        Assert.Equal(RunnerCommand.NotebookFailed, exitCode);
        Assert.Contains("missing.ipynb' does not exist", log.ToString());
        Assert.Single(notebook.Outputs(1));
    }
}
