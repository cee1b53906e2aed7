using System.Text;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>What one cell may store is capped (<c>--max-cell-output</c>, default 4 MiB) as output arrives, so a cell
/// printing without end cannot fill the runner's memory or the notebook.</summary>
public class OutputLimitTests
{
    private const string Note = "[NotebookRunner: output truncated. This cell reached the limit of ";

    [Fact]
    public void A_cell_printing_tens_of_megabytes_stores_the_default_limit_and_a_note_saying_how_much_was_dropped()
    {
        // 400,000 lines of 80 bytes: 32,000,000 bytes.
        using var notebook = new TestNotebook()
            .Code("var line = new string('x', 79);\nfor (var i = 0; i < 400_000; i++) Console.WriteLine(line);")
            .Code("Console.WriteLine(\"next cell\");");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var outputs = notebook.Outputs(1);
        Assert.Equal(2, outputs.Count);
        var printed = TestNotebook.Text(outputs[0]!["text"]);
        Assert.Equal(4 * 1024 * 1024, printed.Length);
        Assert.Equal(Repeat(new string('x', 79) + "\n", 400_000)[..printed.Length], printed);
        Assert.Equal("stderr", outputs[1]!["name"]!.GetValue<string>());
        Assert.Equal(
            $"{Note}4,194,304 bytes of output per cell; the {32_000_000 - 4_194_304:N0} bytes after that were dropped. " +
            "Run the notebook with --max-cell-output BYTES to store more.]\n",
            TestNotebook.Text(outputs[1]!["text"]));
        Assert.Equal("next cell\n", TestNotebook.Text(Assert.Single(notebook.Outputs(2))!["text"])); // the limit is per cell
        Assert.InRange(new FileInfo(notebook.Path).Length, 4_194_304, 5_000_000);
    }

    [Fact]
    public void The_worker_stays_small_while_a_cell_prints_a_hundred_megabytes()
    {
        // Before the limit applied as output arrived, the kernel kept every write: 60 MB printed took the process past 1.7 GB.
        using var notebook = new TestNotebook()
            .Code("var line = new string('y', 99);\nfor (var i = 0; i < 1_000_000; i++) Console.WriteLine(line);")
            .Code("$\"{System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)}\"");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var peakMiB = long.Parse(TestNotebook.Text(notebook.Outputs(2)[0]!["data"]!["text/plain"]));
        Assert.InRange(peakMiB, 1, 700);
    }

    [Fact]
    public void Max_cell_output_sets_the_limit_for_console_text_displays_and_results_alike()
    {
        using var notebook = new TestNotebook()
            .Code("Console.Write(new string('a', 600));\ndisplay(new string('b', 600));\nConsole.Write(\"dropped too\");")
            .Code("new string('c', 2000)")
            .Code("Console.Write(new string('d', 1000));");

        Assert.Equal(RunnerCommand.Success, notebook.Run("--max-cell-output", "1K"));

        var first = notebook.Outputs(1);
        Assert.Equal(new string('a', 600), TestNotebook.Text(first[0]!["text"]));
        Assert.Equal($"{Note}1,024 bytes of output per cell; the 611 bytes after that were dropped. Run the notebook with --max-cell-output BYTES to store more.]\n",
            TestNotebook.Text(first[1]!["text"])); // the display did not fit, so it and everything after it were dropped
        Assert.Equal(2, first.Count);
        Assert.StartsWith(Note, TestNotebook.Text(Assert.Single(notebook.Outputs(2))!["text"]));
        Assert.Equal(new string('d', 1000), TestNotebook.Text(Assert.Single(notebook.Outputs(3))!["text"]));
    }

    [Fact]
    public void Text_is_cut_at_the_limit_without_splitting_a_character()
    {
        using var notebook = new TestNotebook().Code("Console.Write(string.Concat(Enumerable.Repeat(\"é€😀\", 100)));");

        Assert.Equal(RunnerCommand.Success, notebook.Run("--max-cell-output", "101"));

        // é is 2 bytes in UTF-8, € 3, 😀 4 (a surrogate pair): 11 groups are 99 bytes, then é fits but € does not.
        var kept = TestNotebook.Text(notebook.Outputs(1)[0]!["text"]);
        Assert.Equal(string.Concat(Enumerable.Repeat("é€😀", 11)) + "é", kept);
        Assert.Equal(99 + 2, Encoding.UTF8.GetByteCount(kept));
    }

    [Fact]
    public void Updates_of_a_display_count_only_what_they_add_to_it()
    {
        using var notebook = new TestNotebook()
            .Code("using Microsoft.DotNet.Interactive;\nvar table = KernelInvocationContext.Current.Display((object)\"epoch 000\", \"text/plain\");")
            .Code("for (var epoch = 1; epoch <= 500; epoch++) table.Update($\"epoch {epoch:000}\");")
            .Code("table.Update(new string('z', 500));");

        Assert.Equal(RunnerCommand.Success, notebook.Run("--max-cell-output", "100"));

        // 500 updates of 9 bytes each fit in 100 bytes; growing the display by 491 bytes does not, and that update is dropped.
        Assert.Equal("epoch 500", TestNotebook.Text(Assert.Single(notebook.Outputs(1))!["data"]!["text/plain"]));
        Assert.Contains("the 491 bytes after that were dropped", TestNotebook.Text(Assert.Single(notebook.Outputs(3))!["text"]));
    }

    [Fact]
    public void An_exception_with_a_huge_message_is_stored_with_its_message_and_traceback_shortened()
    {
        using var notebook = new TestNotebook().Code("throw new InvalidOperationException(new string('m', 3_000_000));");

        Assert.Equal(RunnerCommand.NotebookFailed, notebook.Run("--max-cell-output", "1M"));

        var error = Assert.Single(notebook.Outputs(1))!;
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        var value = error["evalue"]!.GetValue<string>();
        Assert.Equal(new string('m', 512 * 1024) + " [NotebookRunner: 2,475,712 more bytes dropped; see --max-cell-output]", value);
        var traceback = error["traceback"]!.AsArray().Sum(line => Encoding.UTF8.GetByteCount(line!.GetValue<string>()));
        Assert.InRange(traceback, 1, 512 * 1024 + 200);
        Assert.InRange(new FileInfo(notebook.Path).Length, 1, 1_100_000);
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
