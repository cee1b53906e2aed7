using System.Diagnostics;
using System.Globalization;
using FasterSharp.Display;
using FasterSharp.Figures;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

/// <summary>One row of the epoch table.</summary>
/// <param name="Epoch">Epoch number, from 0.</param>
/// <param name="TrainLoss">The smoothed training loss at the end of the epoch (fastai's train_loss).</param>
/// <param name="ValidLoss">Mean validation loss (NaN if validation was skipped).</param>
/// <param name="Metrics">Metric values by name.</param>
/// <param name="Time">Wall time of the epoch (training and validation).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidLoss, IReadOnlyDictionary<string, double> Metrics, TimeSpan Time);

/// <summary>Records what training does: per batch the raw and smoothed training loss and the learning
/// rate; per epoch the table fastai prints (epoch, train_loss, valid_loss, metrics, time). Always attached.
/// In a notebook it displays as that table (<c>text/html</c> and <c>text/plain</c>); <see cref="PlotLoss"/> plots the losses.</summary>
[TypeFormatterSource(typeof(RichDisplayFormatterSource<Recorder>), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class Recorder : Callback, IRichDisplay
{
    private const double SmoothingBeta = 0.98;
    private readonly List<EpochRecord> _epochs = [];
    private readonly List<double> _losses = [];
    private readonly List<double> _smoothLosses = [];
    private readonly List<double> _learningRates = [];
    private readonly List<int> _epochEndIterations = [];
    private readonly Stopwatch _epochClock = new();
    private double _smoothAccumulator;
    private int _smoothCount;
    private double _validLossSum;
    private long _validCount;
    private int _trainBatchesThisEpoch;
    private ValidationResult? _validationThisEpoch;

    /// <inheritdoc />
    public override int Order => 50;

    /// <summary>The epoch table of the last fit: one row per epoch that measured something.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Raw training loss of every batch of the last fit.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>Smoothed training loss (exponential moving average, β = 0.98, debiased) of every batch.</summary>
    public IReadOnlyList<double> SmoothLosses => _smoothLosses;

    /// <summary>The learning rate of the first parameter group at every training batch.</summary>
    public IReadOnlyList<double> LearningRates => _learningRates;

    /// <summary>The column names of the epoch table.</summary>
    public IReadOnlyList<string> ColumnNames =>
        ["epoch", "train_loss", "valid_loss", .. Learn.Metrics.Select(m => m.Name), "time"];

    /// <summary>The smoothed training loss now.</summary>
    public double SmoothLoss => _smoothCount == 0 ? double.NaN : _smoothAccumulator / (1 - Math.Pow(SmoothingBeta, _smoothCount));

    /// <summary>The result of the last validation pass.</summary>
    public ValidationResult LastValidation { get; private set; } = new(double.NaN, new Dictionary<string, double>());

    /// <summary>Clears the tables for a new fit. Called by the learner before BeforeFit rather than in it: a callback
    /// ordered before the Recorder may cancel the fit in its BeforeFit, and the table must not show the previous fit's
    /// epochs then.</summary>
    internal override void StartFit()
    {
        _epochs.Clear();
        _losses.Clear();
        _smoothLosses.Clear();
        _learningRates.Clear();
        _epochEndIterations.Clear();
        _smoothAccumulator = 0;
        _smoothCount = 0;
        ClearEpoch();
    }

    /// <inheritdoc />
    public override void BeforeEpoch()
    {
        _epochClock.Restart();
        ClearEpoch();
    }

    // Also after each epoch's row: a callback ordered before the Recorder that cancels the next epoch in its
    // BeforeEpoch keeps the Recorder's BeforeEpoch from running, and that epoch must not repeat this one's values.
    private void ClearEpoch()
    {
        _trainBatchesThisEpoch = 0;
        _validationThisEpoch = null;
    }

    /// <inheritdoc />
    public override void BeforeValidate()
    {
        _validLossSum = 0;
        _validCount = 0;
        foreach (var m in Learn.Metrics) m.Reset();
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        var learn = Learn;
        if (learn.Loss is null || learn.Y is null) return;
        var loss = learn.Loss.to_type(ScalarType.Float64).item<double>();
        if (learn.Training)
        {
            _trainBatchesThisEpoch++;
            _losses.Add(loss);
            _smoothAccumulator = SmoothingBeta * _smoothAccumulator + (1 - SmoothingBeta) * loss;
            _smoothCount++;
            _smoothLosses.Add(SmoothLoss);
            if (learn.Optimizer is not null) _learningRates.Add(OptimizerHyperParameters.GetLearningRate(learn.Optimizer));
        }
        else
        {
            var n = learn.Y.shape[0];
            _validLossSum += loss * n;
            _validCount += n;
            foreach (var m in learn.Metrics) m.Accumulate(learn.Pred!, learn.Y);
        }
    }

    /// <inheritdoc />
    public override void AfterValidate()
    {
        var metrics = Learn.Metrics.ToDictionary(m => m.Name, m => m.Value);
        LastValidation = new ValidationResult(_validCount == 0 ? double.NaN : _validLossSum / _validCount, metrics);
        if (_validCount > 0) _validationThisEpoch = LastValidation;
        // Cleared now as well as in BeforeValidate: if a callback that runs before the Recorder cancels the next
        // validation in its BeforeValidate, this pass's sums must not be reported again.
        _validLossSum = 0;
        _validCount = 0;
        foreach (var m in Learn.Metrics) m.Reset();
    }

    /// <summary>Adds the epoch's row with only what the epoch measured: train_loss is NaN when no training batch
    /// ran, valid_loss NaN and no metrics when no validation batch ran. An epoch cancelled before either (for instance
    /// by a <see cref="CancelEpochException"/> in BeforeEpoch, from any callback) records no row at all, so the table
    /// never shows losses an epoch did not measure; its epoch number is missing from the table.</summary>
    public override void AfterEpoch()
    {
        if (_trainBatchesThisEpoch == 0 && _validationThisEpoch is null) return;
        var trainLoss = _trainBatchesThisEpoch > 0 ? SmoothLoss : double.NaN;
        var validation = _validationThisEpoch ?? new ValidationResult(double.NaN, new Dictionary<string, double>());
        _epochs.Add(new EpochRecord(Learn.Epoch, trainLoss, validation.Loss, validation.Metrics, _epochClock.Elapsed));
        _epochEndIterations.Add(_losses.Count);
        ClearEpoch();
    }

    /// <summary>The number of training batches done when each epoch of the last fit ended (fastai's
    /// <c>iters</c>): the x position of that epoch's validation loss in <see cref="PlotLoss"/>.</summary>
    public IReadOnlyList<int> EpochEndIterations => _epochEndIterations;

    /// <summary>Plots the losses of the last fit against the training iteration, like fastai's
    /// <c>plot_loss</c>: the raw per-batch training loss (faint), the smoothed training loss, and the
    /// validation loss of each epoch at the iteration where that epoch ended.</summary>
    /// <param name="skipStart">Batches left out at the start, where the loss is still high (fastai's default 5);
    /// reduced when the fit had fewer batches, so at least one is shown.</param>
    /// <param name="withValid">Whether to plot the validation loss. Default true.</param>
    /// <param name="log">Whether the loss axis is logarithmic. Default false.</param>
    /// <returns>A figure titled "Loss" with x axis "iteration" and y axis "loss".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="skipStart"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">No training batch has been recorded (call <c>Fit</c> first).</exception>
    public Figure PlotLoss(int skipStart = 5, bool withValid = true, bool log = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipStart);
        if (_losses.Count == 0) throw new InvalidOperationException("the Recorder has no training losses yet; call Fit first");
        var skip = Math.Min(skipStart, _losses.Count - 1);
        var iterations = Enumerable.Range(skip, _losses.Count - skip).Select(i => (double)i).ToArray();
        var figure = new Figure()
            .AddLine(iterations, _losses.Skip(skip), "train (raw)", color: "#1f77b4", width: 1, opacity: 0.3)
            .AddLine(iterations, _smoothLosses.Skip(skip), "train", color: "#1f77b4");
        if (withValid)
        {
            // fastai: only the epochs that ended after the skipped batches.
            var shown = Enumerable.Range(0, _epochs.Count).Where(e => _epochEndIterations[e] >= skip).ToList();
            figure = figure.AddScatter(shown.Select(e => (double)_epochEndIterations[e]), shown.Select(e => _epochs[e].ValidLoss), "valid",
                ScatterMode.LinesAndMarkers, color: "#ff7f0e");
        }
        return figure.WithTitle("Loss").WithXAxis("iteration").WithYAxis("loss", log: log);
    }

    /// <summary>The values of one row as the table shows them (a metric the row lacks is an empty cell).</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    public static IReadOnlyList<string> FormatRow(EpochRecord row, IEnumerable<string> metricNames)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(metricNames);
        return FormatCells(row, metricNames);
    }

    private static IReadOnlyList<string> FormatCells(EpochRecord row, IEnumerable<string> metricNames) =>
    [
        row.Epoch.ToString(CultureInfo.InvariantCulture),
        row.TrainLoss.ToString("F6", CultureInfo.InvariantCulture),
        row.ValidLoss.ToString("F6", CultureInfo.InvariantCulture),
        .. metricNames.Select(n => row.Metrics.TryGetValue(n, out var v) ? v.ToString("F6", CultureInfo.InvariantCulture) : ""),
        $"{(int)row.Time.TotalMinutes:00}:{row.Time.Seconds:00}",
    ];

    /// <summary>The epoch table as aligned text, like fastai prints it.</summary>
    public override string ToString()
    {
        if (Attached is null) return "Recorder (not attached)";
        var columns = ColumnNames;
        var metricNames = Learn.Metrics.Select(m => m.Name).ToList();
        var rows = _epochs.Select(e => FormatRow(e, metricNames)).ToList();
        return TextTable.Render(columns, rows);
    }

    /// <summary>The epoch table as an HTML <c>&lt;table&gt;</c> (same columns and values as <see cref="ToString"/>).</summary>
    public string ToHtml()
    {
        if (Attached is null) return "<p>Recorder (not attached)</p>";
        var metricNames = Learn.Metrics.Select(m => m.Name).ToList();
        return HtmlTable.Render(ColumnNames, _epochs.Select(e => FormatRow(e, metricNames)));
    }
}
