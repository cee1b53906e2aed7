using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner;

/// <summary>
/// How many bytes of output the running cell may still store (<see cref="ExecutionSettings.MaxCellOutputBytes"/>),
/// counted as UTF-8 text before JSON escaping. Output is admitted as it arrives, so what a cell stores never grows
/// past the limit however much it prints. Once something does not fit, everything after it is dropped too, so the
/// stored output is a prefix of what the cell produced. Not thread-safe (the <see cref="OutputCollector"/> locks).
/// </summary>
internal sealed class OutputBudget(int maxBytes)
{
    private long _used;
    private long _dropped;
    private bool _full;

    /// <summary>Starts the budget of a new cell.</summary>
    public void Reset() => (_used, _dropped, _full) = (0, 0, false);

    /// <summary>Admits console text: all of it, the prefix that fits, or nothing.</summary>
    /// <returns>The part to store.</returns>
    public ReadOnlySpan<char> Admit(ReadOnlySpan<char> text)
    {
        if (_full)
        {
            _dropped += Encoding.UTF8.GetByteCount(text);
            return [];
        }

        var length = PrefixFitting(text, maxBytes - _used, out var bytes);
        _used += bytes;
        if (length < text.Length)
        {
            _full = true;
            _dropped += Encoding.UTF8.GetByteCount(text[length..]);
        }

        return text[..length];
    }

    /// <summary>Admits a display's formatted values as a whole.</summary>
    /// <returns>The bytes they take, or null when they are dropped.</returns>
    public long? Admit(IReadOnlyCollection<FormattedValue> values)
    {
        var bytes = Size(values);
        if (_full || _used + bytes > maxBytes)
        {
            _full = true;
            _dropped += bytes;
            return null;
        }

        _used += bytes;
        return bytes;
    }

    /// <summary>Admits new values for a display that holds <paramref name="previousBytes"/>: only growth counts.</summary>
    /// <returns>The bytes the new values take, or null when the update is dropped.</returns>
    public long? AdmitReplacement(IReadOnlyCollection<FormattedValue> values, long previousBytes)
    {
        var bytes = Size(values);
        var growth = bytes - previousBytes;
        if (growth > 0 && (_full || _used + growth > maxBytes))
        {
            _full = true;
            _dropped += growth;
            return null;
        }

        _used += Math.Max(growth, 0);
        return bytes;
    }

    /// <summary>The note that ends a cell whose output was cut, or null when nothing was dropped.</summary>
    public string? Note() => !_full
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"[NotebookRunner: output truncated. This cell reached the limit of {maxBytes:N0} bytes of output per cell; " +
            $"the {_dropped:N0} bytes after that were dropped. Run the notebook with --max-cell-output BYTES to store more.]\n");

    /// <summary>An error's message and traceback cut to half the limit each, so an exception with a huge message is
    /// still stored, and stored bounded.</summary>
    public (string Value, IReadOnlyList<string> Traceback) Shorten(CellError error)
    {
        var half = Math.Max(maxBytes / 2, 1);
        var value = Cut(error.Value, half);
        var traceback = new List<string>();
        long left = half;
        foreach (var line in error.Traceback)
        {
            var kept = Cut(line, left);
            traceback.Add(kept);
            left -= Encoding.UTF8.GetByteCount(kept);
            if (kept.Length < line.Length || left <= 0)
            {
                break;
            }
        }

        return (value, traceback);
    }

    private static string Cut(string text, long maxBytes)
    {
        var length = PrefixFitting(text, maxBytes, out _);
        return length == text.Length
            ? text
            : string.Create(CultureInfo.InvariantCulture,
                $"{text.AsSpan(0, length)} [NotebookRunner: {Encoding.UTF8.GetByteCount(text.AsSpan(length)):N0} more bytes dropped; see --max-cell-output]");
    }

    private static long Size(IReadOnlyCollection<FormattedValue> values)
    {
        long bytes = 0;
        foreach (var value in values)
        {
            bytes += value.SuppressDisplay ? 0 : Encoding.UTF8.GetByteCount(value.Value ?? "");
        }

        return bytes;
    }

    // The length in chars of the longest prefix of text whose UTF-8 form fits in room bytes (never splitting a
    // surrogate pair), and that form's size.
    private static int PrefixFitting(ReadOnlySpan<char> text, long room, out long bytes)
    {
        bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= room)
        {
            return text.Length;
        }

        bytes = 0;
        var index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed);
            if (bytes + rune.Utf8SequenceLength > room)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            index += consumed;
        }

        return index;
    }
}
