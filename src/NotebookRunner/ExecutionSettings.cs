namespace NotebookRunner;

/// <summary>How a notebook is executed.</summary>
public sealed record ExecutionSettings
{
    /// <summary>Environment variable the tutorials read to shrink data and epochs: "1" in quick mode.</summary>
    public const string QuickModeVariable = "FASTERSHARP_QUICK";

    /// <summary>Default limit for one cell: 10 minutes.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Quick mode: <see cref="QuickModeVariable"/> is "1" while the notebook runs. Otherwise (full mode)
    /// the variable is removed for the run. Default false.
    /// </summary>
    public bool Quick { get; init; }

    /// <summary>Longest time one cell may run before the run stops with a timeout error. Default 10 minutes.</summary>
    public TimeSpan CellTimeout
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(CellTimeout), value, "The cell timeout must be positive and at most 24 days.");
            }

            field = value;
        }
    } = DefaultCellTimeout;

    /// <summary>Where a line per executed cell (number, time) goes; null for none.</summary>
    public TextWriter? Progress { get; init; }
}
