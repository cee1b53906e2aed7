using System.Diagnostics;
using System.Globalization;
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
/// rate; per epoch the table fastai prints (epoch, train_loss, valid_loss, metrics, time). Always attached.</summary>
public sealed class Recorder : Callback
{
    private const double SmoothingBeta = 0.98;
    private readonly List<EpochRecord> _epochs = [];
    private readonly List<double> _losses = [];
    private readonly List<double> _smoothLosses = [];
    private readonly List<double> _learningRates = [];
    private readonly Stopwatch _epochClock = new();
    private double _smoothAccumulator;
    private int _smoothCount;
    private double _validLossSum;
    private long _validCount;

    /// <inheritdoc />
    public override int Order => 50;

    /// <summary>The epoch table of the last fit.</summary>
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

    /// <inheritdoc />
    public override void BeforeFit()
    {
        _epochs.Clear();
        _losses.Clear();
        _smoothLosses.Clear();
        _learningRates.Clear();
        _smoothAccumulator = 0;
        _smoothCount = 0;
    }

    /// <inheritdoc />
    public override void BeforeEpoch() => _epochClock.Restart();

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
    }

    /// <inheritdoc />
    public override void AfterEpoch() =>
        _epochs.Add(new EpochRecord(Learn.Epoch, SmoothLoss, LastValidation.Loss, LastValidation.Metrics, _epochClock.Elapsed));

    /// <summary>The values of one row as the table shows them.</summary>
    public static IReadOnlyList<string> FormatRow(EpochRecord row, IEnumerable<string> metricNames) =>
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
}
