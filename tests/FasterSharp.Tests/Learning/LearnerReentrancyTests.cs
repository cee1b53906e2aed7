using FasterSharp.Learning;

namespace FasterSharp.Tests.Learning;

public class LearnerReentrancyTests
{
    public static TheoryData<string, string> EventsAndRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (var evt in EventHook.Events)
            foreach (var run in new[] { "Fit", "FitOneCycle", "Validate", "GetPreds" })
                data.Add(evt, run);
        return data;
    }

    private static void Run(Learner learn, string run)
    {
        switch (run)
        {
            case "Fit": learn.Fit(1); break;
            case "FitOneCycle": learn.FitOneCycle(1); break;
            case "Validate": learn.Validate(); break;
            default:
                var (p, t) = learn.GetPreds();
                p.Dispose();
                t.Dispose();
                break;
        }
    }

    [Theory]
    [MemberData(nameof(EventsAndRuns))]
    public void RunningTheLearnerFromACallbackEventIsRejectedAndLeavesTheOuterFitIntact(string evt, string run)
    {
        Exception? inner = null;
        var watch = new PhaseWatch();
        var learn = LearnerFixtures.Tiny([new EventHook(evt, l =>
        {
            try { Run(l, run); }
            catch (Exception e) { inner = e; }
        }), watch]);
        learn.Fit(2, 1e-3);

        var e = Assert.IsType<InvalidOperationException>(inner);
        Assert.Contains($"{run} cannot start while Fit is running on this learner", e.Message);
        Assert.Empty(watch.Problems);
        Assert.Equal(2, watch.EpochsStarted);
        Assert.Equal([0, 1], learn.Recorder.Epochs.Select(r => r.Epoch));
        Assert.All(learn.Recorder.Epochs, r => Assert.False(double.IsNaN(r.ValidLoss)));
        Assert.Null(learn.Running);
        learn.Validate(); // usable again once the fit returned
    }

    [Fact]
    public async Task AFitFromAnotherThreadWhileOneRunsIsRejected()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var learn = LearnerFixtures.Tiny([new EventHook("BeforeBatch", _ => { started.Set(); release.Wait(TimeSpan.FromSeconds(30)); })]);
        var first = Task.Run(() => learn.Fit(1));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(1));
        Assert.Contains("Fit cannot start while Fit is running", e.Message);
        Assert.Throws<InvalidOperationException>(() => learn.Validate());
        var path = Path.Combine(Path.GetTempPath(), $"reentrancy-{Guid.NewGuid():N}.dat");
        Assert.Contains("Save cannot be called from another thread while Fit is running", Assert.Throws<InvalidOperationException>(() => learn.Save(path)).Message);
        Assert.Contains("Load cannot be called from another thread", Assert.Throws<InvalidOperationException>(() => learn.Load(path)).Message);
        Assert.False(File.Exists(path));
        release.Set();
        await first;
        Assert.Single(learn.Recorder.Epochs);
    }

    [Fact]
    public void CallbacksCannotBeAddedOrRemovedWhileTheLearnerRuns()
    {
        var extra = new PhaseWatch();
        Exception? add = null, remove = null;
        var hook = new EventHook("BeforeEpoch", l =>
        {
            add = Record(() => l.Add(extra));
            remove = Record(() => l.Remove(l.Callbacks.OfType<PhaseWatch>().First()));
        });
        var watch = new PhaseWatch();
        var learn = LearnerFixtures.Tiny([hook, watch]);
        learn.Fit(1);
        Assert.Contains("Add cannot be called while Fit is running", Assert.IsType<InvalidOperationException>(add).Message);
        Assert.Contains("Remove cannot be called while Fit is running", Assert.IsType<InvalidOperationException>(remove).Message);
        Assert.Contains(watch, learn.Callbacks);
        Assert.DoesNotContain(extra, learn.Callbacks);
        learn.Add(extra).Remove(extra); // fine between fits
    }

    private static Exception? Record(Action action)
    {
        try { action(); return null; }
        catch (Exception e) { return e; }
    }

    [Fact]
    public void TheRecorderCannotBeRemoved()
    {
        var learn = LearnerFixtures.Tiny();
        var e = Assert.Throws<ArgumentException>(() => learn.Remove(learn.Recorder));
        Assert.Equal("callback", e.ParamName);
        Assert.Contains(learn.Recorder, learn.Callbacks);
        learn.Fit(1);
        Assert.Single(learn.Recorder.Epochs);
    }

    [Fact]
    public void AConstructorOrFitThatRejectsACallbackAttachesNone()
    {
        var owner = LearnerFixtures.Tiny();
        var taken = new PhaseWatch();
        owner.Add(taken);
        var fresh = new PhaseWatch();
        var e = Assert.Throws<ArgumentException>(() => LearnerFixtures.Tiny([fresh, taken]));
        Assert.Contains("PhaseWatch (callback 1) is already attached to another learner", e.Message);
        LearnerFixtures.Tiny().Add(fresh); // fresh was not left attached to the learner that was never built

        var learn = LearnerFixtures.Tiny();
        var first = new PhaseWatch();
        Assert.Throws<ArgumentNullException>(() => learn.Fit(1, 1e-3, [first, null!]));
        Assert.DoesNotContain(first, learn.Callbacks);
        Assert.Throws<ArgumentException>(() => learn.Fit(1, 1e-3, [first, taken]));
        Assert.DoesNotContain(first, learn.Callbacks);
        Assert.Null(learn.Optimizer);
        learn.Fit(1, 1e-3, [first]);
        Assert.Equal(1, first.EpochsStarted);
    }
}
