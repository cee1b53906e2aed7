namespace FasterSharp.Learning;

/// <summary>Saves a checkpoint (model and optimizer state, one file: see <see cref="Learner.Save"/>) whenever the
/// monitored value improves, or every epoch, and loads the best one at the end of the fit (fastai's
/// SaveModelCallback).</summary>
public sealed class SaveModelCallback : Callback
{
    private double _best;
    private bool _savedThisFit;

    /// <summary>Creates the callback.</summary>
    /// <param name="path">Checkpoint file; its folder is created if needed.</param>
    /// <param name="monitor">"valid_loss", "train_loss" or a metric name (checked when the fit starts).</param>
    /// <param name="higherIsBetter">Whether larger values of <paramref name="monitor"/> are better; default: true for metrics, false for losses.</param>
    /// <param name="everyEpoch">Save after every epoch regardless of the value.</param>
    /// <param name="loadBestAtEnd">Load the best checkpoint after the fit.</param>
    /// <exception cref="ArgumentException">A null, blank or invalid path, a path that is a directory, or a blank monitor.</exception>
    public SaveModelCallback(string path, string monitor = "valid_loss", bool? higherIsBetter = null, bool everyEpoch = false, bool loadBestAtEnd = true)
    {
        AtomicFile.CheckWritablePath(path, nameof(path));
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        Path = path;
        Monitor = monitor;
        HigherIsBetter = higherIsBetter ?? !monitor.EndsWith("loss", StringComparison.Ordinal);
        EveryEpoch = everyEpoch;
        LoadBestAtEnd = loadBestAtEnd;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
    /// <summary>The monitored value.</summary>
    public string Monitor { get; }
    /// <summary>Whether larger is better.</summary>
    public bool HigherIsBetter { get; }
    /// <summary>Save every epoch.</summary>
    public bool EveryEpoch { get; }
    /// <summary>Load the best checkpoint after the fit.</summary>
    public bool LoadBestAtEnd { get; }
    /// <summary>The epoch of the best value so far in the last fit, or -1.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <inheritdoc />
    public override int Order => 70;

    internal override void CheckBeforeFit(int epochs)
    {
        var known = Learn.Recorder.ColumnNames;
        if (!known.Contains(Monitor) || Monitor is "epoch" or "time")
            throw new ArgumentException($"SaveModelCallback cannot monitor '{Monitor}'; known values: {string.Join(", ", known.Where(c => c is not ("epoch" or "time")))}", "monitor");
        AtomicFile.CheckWritablePath(Path, "path");
        if (Learn.Optimizer is not null and not TorchSharp.Modules.OptimizerHelper)
            throw new ArgumentException($"SaveModelCallback saves the optimizer state, and {Learn.Optimizer.GetType().Name} cannot save it", "path");
    }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        _best = HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        BestEpoch = -1;
        _savedThisFit = false;
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        var epochs = Learn.Recorder.Epochs;
        if (epochs.Count == 0 || epochs[^1].Epoch != Learn.Epoch) return; // a cancelled epoch measured nothing
        var row = epochs[^1];
        var value = Monitor switch
        {
            "valid_loss" => row.ValidLoss,
            "train_loss" => row.TrainLoss,
            _ => row.Metrics.TryGetValue(Monitor, out var v) ? v : double.NaN,
        };
        var better = HigherIsBetter ? value > _best : value < _best;
        if (better)
        {
            _best = value;
            BestEpoch = row.Epoch;
        }
        if (better || EveryEpoch)
        {
            Learn.Save(Path);
            _savedThisFit = true;
        }
    }

    /// <summary>Loads the best checkpoint of this fit (with <see cref="LoadBestAtEnd"/>, unless <see cref="EveryEpoch"/>);
    /// nothing when this fit saved none (for instance when an earlier callback cancelled it in BeforeFit).</summary>
    public override void AfterFit()
    {
        var load = LoadBestAtEnd && !EveryEpoch && _savedThisFit && BestEpoch >= 0;
        _savedThisFit = false;
        if (load) Learn.Load(Path);
    }
}
