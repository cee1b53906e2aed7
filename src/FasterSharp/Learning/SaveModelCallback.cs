namespace FasterSharp.Learning;

/// <summary>Saves a checkpoint (model and optimizer state, one file: see <see cref="Learner.Save"/>) whenever the
/// monitored value improves, or every epoch, and loads the best one at the end of the fit (fastai's
/// SaveModelCallback).</summary>
public sealed class SaveModelCallback : Callback
{
    private double _best;
    private bool _savedThisFit;
    private List<(string Name, long[] Shape)> _savedLayout = [];
    private int _savedEpoch;

    /// <summary>Creates the callback.</summary>
    /// <param name="path">Checkpoint file; its folder is created if needed. Whether it can be written is checked when a
    /// fit starts (the folder is created and a temporary file written and deleted there), before any weight changes.</param>
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
        // The first save comes after an epoch of training: a folder that cannot be written must fail now.
        AtomicFile.CheckCanWrite(Path, "path", nameof(SaveModelCallback));
    }

    internal override void CheckOptimizer(TorchSharp.torch.optim.Optimizer optimizer)
    {
        if (optimizer is not TorchSharp.Modules.OptimizerHelper)
            throw new ArgumentException($"SaveModelCallback saves the optimizer state, and {optimizer.GetType().Name} cannot save it", "path");
    }

    /// <inheritdoc />
    public override void BeforeFit() => ForgetBest();

    private void ForgetBest()
    {
        _best = HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        BestEpoch = -1;
        _savedThisFit = false;
    }

    /// <summary>Saves when the monitored value improved (or every epoch). When a callback replaced layers since the last
    /// save (pruning during the fit), that checkpoint no longer fits the model: the best value is tracked afresh from
    /// this epoch, so the checkpoint loaded at the end is one of the model as it is.</summary>
    public override void AfterEpoch()
    {
        var epochs = Learn.Recorder.Epochs;
        if (epochs.Count == 0 || epochs[^1].Epoch != Learn.Epoch) return; // a cancelled epoch measured nothing
        if (_savedThisFit && !SavedLayoutFits())
        {
            Console.Out.WriteLine($"SaveModelCallback: the model's layers changed since the checkpoint of epoch {_savedEpoch} was saved; " +
                                  $"the best {Monitor} is tracked afresh from epoch {Learn.Epoch}");
            ForgetBest();
        }
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
            _savedLayout = Layout();
            _savedEpoch = row.Epoch;
        }
    }

    /// <summary>Loads the best checkpoint of this fit (with <see cref="LoadBestAtEnd"/>, unless <see cref="EveryEpoch"/>);
    /// nothing when this fit saved none (for instance when an earlier callback cancelled it in BeforeFit), or when the
    /// model's layers changed after the last save (then it says so).</summary>
    public override void AfterFit()
    {
        var load = LoadBestAtEnd && !EveryEpoch && _savedThisFit && BestEpoch >= 0;
        _savedThisFit = false;
        if (!load) return;
        if (!SavedLayoutFits())
        {
            Console.Out.WriteLine($"SaveModelCallback: the model's layers changed after the checkpoint of epoch {_savedEpoch} was saved; it was not loaded");
            return;
        }
        Learn.Load(Path);
    }

    /// <summary>The names and shapes of the model's parameters and buffers: what a checkpoint must match to load.</summary>
    private List<(string Name, long[] Shape)> Layout() => Learn.Model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList();

    private bool SavedLayoutFits()
    {
        var now = Layout();
        return now.Count == _savedLayout.Count && now.Zip(_savedLayout).All(p => p.First.Name == p.Second.Name && p.First.Shape.SequenceEqual(p.Second.Shape));
    }
}
