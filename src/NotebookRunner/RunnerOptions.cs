using System.Globalization;

namespace NotebookRunner;

/// <summary>The command line of the NotebookRunner.</summary>
public sealed record RunnerOptions
{
    /// <summary>The usage text printed on a command-line error.</summary>
    public const string Usage =
        """
        Usage: NotebookRunner [--quick] [--out DIR] [--html DIR] [--timeout SECONDS] [--max-cell-output BYTES] notebook.ipynb...
          --quick                  quick mode: FASTERSHARP_QUICK=1 while the notebooks run (less data, fewer epochs)
          --out DIR                write the executed notebooks to DIR instead of in place
          --html DIR               after a successful run, render each notebook to DIR/<name>.html (jupyter-nbconvert)
          --timeout SECONDS        longest time one cell may run (default 600)
          --max-cell-output BYTES  most output one cell may store, e.g. 4194304, 512K or 16M (default 4M); the rest is dropped with a note
        Exit code: 0 when every notebook ran without error, 1 when one failed (or was refused, or ended its process), 2 for a usage error.
        """;

    /// <summary>The notebooks to run, in order.</summary>
    public required IReadOnlyList<string> Notebooks { get; init; }

    /// <summary>Quick mode (<c>--quick</c>).</summary>
    public bool Quick { get; init; }

    /// <summary>Folder for the executed notebooks (<c>--out</c>); null writes them in place.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Folder for HTML renderings (<c>--html</c>); null renders none.</summary>
    public string? HtmlDirectory { get; init; }

    /// <summary>Per-cell time limit (<c>--timeout</c>, seconds); default 10 minutes.</summary>
    public TimeSpan CellTimeout { get; init; } = ExecutionSettings.DefaultCellTimeout;

    /// <summary>Most bytes of output one cell may store (<c>--max-cell-output</c>); default 4 MiB.</summary>
    public int MaxCellOutputBytes { get; init; } = ExecutionSettings.DefaultMaxCellOutputBytes;

    /// <summary>Parses the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An unknown option, a missing, blank or bad value, <c>--out</c> or
    /// <c>--html</c> naming an existing file, a blank notebook path, or no notebook.</exception>
    public static RunnerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var notebooks = new List<string>();
        var quick = false;
        string? output = null, html = null;
        var timeout = ExecutionSettings.DefaultCellTimeout;
        var maxCellOutput = ExecutionSettings.DefaultMaxCellOutputBytes;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out":
                    output = ValueOf(args, ref i);
                    break;
                case "--html":
                    html = ValueOf(args, ref i);
                    break;
                case "--timeout":
                    var text = ValueOf(args, ref i);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !(seconds > 0) || seconds > int.MaxValue / 1000.0)
                    {
                        throw new ArgumentException($"--timeout must be a positive number of seconds, got '{text}'.", nameof(args));
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--max-cell-output":
                    var size = ValueOf(args, ref i);
                    maxCellOutput = ParseSize(size) ?? throw new ArgumentException(
                        $"--max-cell-output must be a whole number of bytes from 1 to {int.MaxValue}, optionally with K or M (KiB, MiB), got '{size}'.",
                        nameof(args));
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Unknown option '{arg}'.", nameof(args));
                    }

                    if (string.IsNullOrWhiteSpace(arg))
                    {
                        throw new ArgumentException($"A notebook path is empty or blank ('{arg}').", nameof(args));
                    }

                    notebooks.Add(arg);
                    break;
            }
        }

        if (notebooks.Count == 0)
        {
            throw new ArgumentException("No notebook given.", nameof(args));
        }

        return new RunnerOptions
        {
            Notebooks = notebooks,
            Quick = quick,
            OutputDirectory = output,
            HtmlDirectory = html,
            CellTimeout = timeout,
            MaxCellOutputBytes = maxCellOutput,
        };
    }

    // A whole number of bytes, or of KiB or MiB with a K or M suffix: 1 byte to 2 GiB - 1 (what a .NET string can hold).
    private static int? ParseSize(string text)
    {
        var (digits, unit) = text[^1] switch
        {
            'K' or 'k' => (text[..^1], 1024L),
            'M' or 'm' => (text[..^1], 1024L * 1024),
            _ => (text, 1L),
        };
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= int.MaxValue / unit
            ? (int)(count * unit)
            : null;
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int index)
    {
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Option '{args[index]}' needs a value.", nameof(args));
        }

        if (string.IsNullOrWhiteSpace(args[index + 1]))
        {
            throw new ArgumentException($"Option '{args[index]}' has an empty or blank value ('{args[index + 1]}').", nameof(args));
        }

        if (args[index] is "--out" or "--html" && File.Exists(args[index + 1]))
        {
            throw new ArgumentException($"Option '{args[index]}' names '{args[index + 1]}', which is a file; it needs a folder (created if missing).", nameof(args));
        }

        return args[++index];
    }
}
