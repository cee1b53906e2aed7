namespace NotebookRunner.Tests;

/// <summary>FasterSharp's training progress in the real kernel: the epoch table is HTML, shown once and redrawn in
/// place with <c>NotebookDisplay.UpdatableSink</c>, or shown when the fit ends with <c>NotebookDisplay.Sink</c>.</summary>
public class TrainingDisplayTests
{
    [Fact]
    public void Training_shows_its_epoch_table_as_html_redrawn_in_place_or_at_the_end_of_the_fit()
    {
        // This test project references FasterSharp, so FasterSharp.dll sits beside this assembly; LibTorch comes from NuGet as in the tutorials.
        var fasterSharp = Path.Combine(AppContext.BaseDirectory, "FasterSharp.dll");
        using var notebook = new TestNotebook()
            .Code(
                $$"""
                #r "nuget: TorchSharp-cpu, 0.107.0"
                #r "{{fasterSharp}}"
                using FasterSharp.Data;
                using FasterSharp.Display;
                using FasterSharp.Learning;
                using Microsoft.DotNet.Interactive;
                NotebookDisplay.UpdatableSink = x => KernelInvocationContext.Current.Display(x);
                TorchSharp.torch.manual_seed(0);
                var learn = new Learner(DataLoaders.FashionMnist(batchSize: 64, trainSubset: 256, validSubset: 128),
                    FasterSharp.Models.SmallCnns.BenchmarkCnn(), metrics: [new FasterSharp.Metrics.Accuracy()]);
                """)
            .Code("learn.Fit(3, 1e-3);")
            .Code("NotebookDisplay.UpdatableSink = null;\nNotebookDisplay.Sink = x => display(x);\nlearn.Fit(2, 1e-3);")
            .Code("NotebookDisplay.Sink = null;");

        Assert.Equal(RunnerCommand.Success, notebook.Run());

        var live = Assert.Single(notebook.Outputs(2))!;
        Assert.Equal("display_data", live["output_type"]!.GetValue<string>());
        var table = TestNotebook.Text(live["data"]!["text/html"]);
        Assert.Contains("<th>accuracy</th>", table);
        Assert.Equal(1 + 3, table.Split("<tr").Length - 1); // the header and the three epochs: the last redraw is stored
        var atEnd = notebook.Outputs(3);
        Assert.Equal(new[] { "stream", "display_data" }, atEnd.Select(output => output!["output_type"]!.GetValue<string>()));
        Assert.Matches(@"^epoch 1/2 done in \d\d:\d\d\nepoch 2/2 done in \d\d:\d\d\n$", TestNotebook.Text(atEnd[0]!["text"]));
        Assert.Equal(1 + 2, TestNotebook.Text(atEnd[1]!["data"]!["text/html"]).Split("<tr").Length - 1);
    }
}
