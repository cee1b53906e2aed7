using System.Text.Json;
using FasterSharp.Tests.Learning;

namespace FasterSharp.Tests.Display;

public class RecorderPlotLossTests
{
    private static double?[] Values(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray();

    [Fact]
    public void PlotLoss_draws_raw_and_smoothed_train_loss_per_batch_and_valid_loss_at_epoch_ends()
    {
        var learn = LearnerFixtures.Small(train: 256, valid: 64, batchSize: 32);
        learn.Fit(2, 1e-3);
        var recorder = learn.Recorder;
        Assert.Equal([8, 16], recorder.EpochEndIterations);

        var root = JsonDocument.Parse(recorder.PlotLoss().ToJson()).RootElement;
        var data = root.GetProperty("data");

        Assert.Equal(3, data.GetArrayLength());
        var (raw, smooth, valid) = (data[0], data[1], data[2]);
        Assert.Equal("train (raw)", raw.GetProperty("name").GetString());
        Assert.Equal(Enumerable.Range(5, 11).Select(i => (double?)i), Values(raw.GetProperty("x")));
        Assert.Equal(recorder.Losses.Skip(5).Select(v => (double?)v), Values(raw.GetProperty("y")));
        Assert.True(raw.GetProperty("opacity").GetDouble() < 1);
        Assert.Equal("train", smooth.GetProperty("name").GetString());
        Assert.Equal(recorder.SmoothLosses.Skip(5).Select(v => (double?)v), Values(smooth.GetProperty("y")));
        Assert.Equal("valid", valid.GetProperty("name").GetString());
        Assert.Equal([8.0, 16.0], Values(valid.GetProperty("x")));
        Assert.Equal(recorder.Epochs.Select(e => (double?)e.ValidLoss), Values(valid.GetProperty("y")));
        var layout = root.GetProperty("layout");
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("iteration", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("loss", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());

        var noValid = recorder.PlotLoss(skipStart: 0, withValid: false, log: true);
        Assert.Equal(2, noValid.Traces.Count);
        Assert.Equal(16, noValid.Traces[0].Count);
        Assert.True(noValid.YAxis.Log);

        // A skip past the end still shows the last batch.
        Assert.Equal(1, recorder.PlotLoss(skipStart: 100).Traces[0].Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.PlotLoss(skipStart: -1));
    }

    [Fact]
    public void PlotLoss_before_any_fit_is_a_clear_error()
    {
        var learn = LearnerFixtures.Small(train: 64, valid: 64);

        var ex = Assert.Throws<InvalidOperationException>(() => learn.Recorder.PlotLoss());
        Assert.Contains("Fit", ex.Message);
    }
}
