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

    /// <summary>Default limit for what one cell may store: 4 MiB (the tutorials' largest cell stores about 55 KB).</summary>
    public const int DefaultMaxCellOutputBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Most bytes of output one cell may store (its console text and display data, counted as UTF-8 before JSON
    /// escaping; updates of a display count what they add). Output past the limit is dropped as it arrives, and the
    /// cell ends with a note saying how much was dropped. An error output is stored whatever the limit, shortened to
    /// it. Default <see cref="DefaultMaxCellOutputBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxCellOutputBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxCellOutputBytes));
            field = value;
        }
    } = DefaultMaxCellOutputBytes;

    /// <summary>Where a line per executed cell (number, time) goes; null for none.</summary>
    public TextWriter? Progress { get; init; }
}
