using FasterSharp.Display;
using FasterSharp.Learning;
using FasterSharp.Sparse;

namespace FasterSharp.Tests.Learning;

public class NotebookProgressTests
{
    [Fact]
    public void InANotebookProgressPrintsShortLinesAndDisplaysTheEpochTableWhenTheFitEnds()
    {
        var shown = new List<object>();
        var console = Console.Out;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            NotebookDisplay.Sink = shown.Add;
            var learn = new Learner(LearnerFixtures.Data(128, 64), FasterSharp.Models.SmallCnns.BenchmarkCnn(),
                metrics: [new FasterSharp.Metrics.Accuracy()], callbacks: [new ProgressCallback()], showProgress: false);
            learn.Fit(2, 1e-3);
            Assert.Same(learn.Recorder, Assert.Single(shown));
            Assert.Contains("<table", learn.Recorder.ToHtml());
        }
        finally
        {
            NotebookDisplay.Sink = null;
            Console.SetOut(console);
        }
        var lines = captured.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^epoch 1/2 done in \d\d:\d\d$", lines[0]);
        Assert.False(NotebookDisplay.Show(new object()));
    }

    [Fact]
    public void ASchedulePlotsItsSparsityAgainstTrainingProgress()
    {
        var figure = Schedule.Agp.Plot(target: 90, points: 11);
        var line = Assert.IsType<FasterSharp.Figures.ScatterTrace>(Assert.Single(figure.Traces));
        Assert.Equal("agp", line.Name);
        Assert.Equal(0, line.Y[0]);
        Assert.Equal(90, line.Y[^1], 10);
        Assert.Equal(90 * Schedule.Agp.Progress(0.5), line.Y[5], 10);
        var both = Schedule.Lin.Plot(90, figure);
        Assert.Equal(2, both.Traces.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Lin.Plot(120));
    }
}
