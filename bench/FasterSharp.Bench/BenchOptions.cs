using System.Globalization;

/// <summary>The command line of the bench: <c>MODE --name value ...</c>. Every mode reads the options it
/// needs with a default; <c>--threads</c> is required.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(string mode, Dictionary<string, string> values)
    {
        Mode = mode;
        _values = values;
    }

    /// <summary>The first argument.</summary>
    public string Mode { get; }

    /// <summary>Intra-op threads for LibTorch (torch.set_num_threads).</summary>
    public int Threads => Int("threads", 0);

    /// <summary>--memory-format: true for channels-last (model weights and batches), false for nchw (the default).</summary>
    public bool ChannelsLast => String("memory-format", "nchw") switch
    {
        "nchw" => false,
        "channels-last" => true,
        var other => throw new ArgumentException($"--memory-format must be nchw or channels-last, got '{other}'"),
    };

    /// <summary>True when <c>--name</c> was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public string? String(string name, string? fallback = null) => _values.GetValueOrDefault(name, fallback!);

    /// <summary>The integer value of <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ArgumentException($"--{name} must be a positive integer, got '{text}'");
        return value;
    }

    /// <summary>Parses <c>MODE --name value ...</c>.</summary>
    public static BenchOptions Parse(string[] args, string usage)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException(usage);
        var values = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'\n{usage}");
            values[args[i][2..]] = args[i + 1];
        }
        var options = new BenchOptions(args[0], values);
        if (!options.Has("threads")) throw new ArgumentException($"--threads is required\n{usage}");
        _ = options.Threads; // validates
        _ = options.ChannelsLast;
        return options;
    }
}
