using System.Text;
using System.Text.RegularExpressions;

namespace Tutorials.Tests;

/// <summary>Finds measured numbers stated in a notebook's markdown: a tutorial's prose explains why and what to look for,
/// and the cells print what was measured (issue 17, "claims come from the run"). A claim is a decimal with %, a time
/// (ms, µs, s, minutes…), a size (KiB, MB…), k/M/G MACs, a ratio (×1.45, 2.7×, 1.45x, "3 times faster"), "N points",
/// an approximate figure (≈ 85), a before → after pair of decimals, or an accuracy given as a percent or a fraction
/// (also after "N epochs … reaches"). Settings pass: integer percents (sparsity: 40, 90% of the weights), epochs,
/// batch sizes, k = 64, dimensions such as 3×3 or 128 × 10, and bounds such as "at least 3×" or "within 0.5 points"
/// (a target is a setting). Math (<c>$…$</c>, <c>$$…$$</c>), code spans, fenced code, link targets and exactly the
/// blockquotes whose first line starts with <c>&gt; **From the seed:**</c> are not read.</summary>
internal static partial class MarkdownClaims
{
    /// <summary>The opening that marks a blockquote as quoting a seed (its figures are the seed's, not ours).</summary>
    public const string SeedQuote = "**From the seed:**";

    private const int ContextChars = 45;

    /// <summary>One measured number found in prose.</summary>
    /// <param name="Kind">What kind of figure it is, e.g. "a time".</param>
    /// <param name="Match">The matched text.</param>
    /// <param name="Context">The matched text with some prose on either side, on one line.</param>
    public sealed record Hit(string Kind, string Match, string Context);

    private sealed record Rule(string Kind, Regex Pattern);

    private const string Num = @"\d+(?:,\d{3})*(?:\.\d+)?";

    private static readonly Rule[] Rules =
    [
        new("a decimal percent", new Regex(@"(?<![\w.])\d+\.\d+\s?%")),
        new("a time", new Regex($@"(?<![\w.]){Num}\s?(?:ms|µs|μs|us|ns|secs?|seconds?|milliseconds?|microseconds?|mins?|minutes?|hours?)(?![\w])")),
        // 12 s, 0.8s, 120s, 2 h; not a decade (1990s).
        new("a time", new Regex($@"(?<![\w.])(?:{Num}\s|\d{{1,3}}(?:\.\d+)?)(?:s|h)(?![\w])")),
        new("a size", new Regex($@"(?<![\w.]){Num}\s?(?:B|bytes|KiB|MiB|GiB|TiB|kB|KB|MB|GB)(?![\w])")),
        new("a count of MACs", new Regex($@"(?<![\w.]){Num}\s?(?:[kKMG]|thousand|million|billion)\s?(?:MACs?|FLOPs?)(?![\w])")),
        new("a count of MACs", new Regex($@"(?<![\w.]){Num}\s?(?:GMACs?|MMACs?|GFLOPs?|MFLOPs?)(?![\w])")),
        // ×1.45, x 2, but not the second factor of 3×3, 128 × 10 or 0.8 × 50%.
        new("a ratio", new Regex(@"(?<![\d.]\s?)×\s?\d+(?:\.\d+)?(?![\d.]|\s?%|\s?[×x]\s?\d)")),
        new("a ratio", new Regex(@"(?<![\w.])x\d+\.\d+(?![\w.])")),   // x1.45, not x64
        // 2.7×, 3 ×, but not 3×3, 28 × 28.
        new("a ratio", new Regex(@"(?<![\w.]|[×x]\s?)\d+(?:\.\d+)?\s?×(?!\s?\d)")),
        new("a ratio", new Regex(@"(?<![\w.])\d+\.\d+x(?![\w])")),
        new("a ratio", new Regex($@"(?<![\w.]){Num}\s?times\s(?:faster|slower|smaller|larger|bigger|fewer|more|less|lower|higher|as\s)")),
        new("points of accuracy", new Regex($@"(?<![\w.]){Num}\s?(?:percentage\s)?(?:points?|pp|pts?)(?![\w])")),
        new("an approximate figure", new Regex($@"(?:≈|(?<!~)~(?!~))\s?{Num}")),
        new("a before → after pair", new Regex(@"(?<![\w.])\d+\.\d+\s?%?\s?(?:→|->|⟶|⇒)\s?\d+\.\d+")),
        new("an accuracy", new Regex($@"\baccura\w*[^.;:!?\n]{{0,40}}?(?<![\w.]){Num}\s?%(?!\s?(?:sparsity|sparse|of|filters?|weights?|channels?|zeros?|pruned|pruning|removed|density))")),
        new("an accuracy", new Regex($@"\baccura\w*(?:\s(?:is|was|of|at|reaches|reached|to|stays at|ends at))?[\s:=]\s?0\.\d+")),
        new("an accuracy", new Regex($@"(?<![\w.]){Num}\s?%\s(?:\w+\s){{0,2}}?accura\w*")),
        new("an accuracy after epochs", new Regex($@"\bepochs?\b(?:(?!sparsity)[^.;!?\n]){{0,60}}?\b(?:reach\w*|gets?|got|scor\w*|hits?|achiev\w*|ends? at|ended at|attain\w*|climbs? to|rises? to|rose to|drops? to|falls? to|fell to)\s(?:an?\s)?(?:accuracy\s(?:of\s)?)?(?<![\w.]){Num}\s?%(?!\s?(?:sparsity|sparse|of|filters?|weights?|channels?|zeros?|pruned|pruning|removed|density))")),
    ];

    /// <summary>A bound just before a number makes it a setting (a target or a limit), not a measurement.</summary>
    [GeneratedRegex(@"(?:\bat least|\bat most|\bno more than|\bno less than|\bup to|\bwithin|≤|≥|<=|>=)\s?(?:a\s|an\s|about\s)?[+\-−]?$", RegexOptions.IgnoreCase)]
    private static partial Regex BoundBefore();

    /// <summary>"reading time: 20 minutes" is an estimate for a reader, not a measurement.</summary>
    [GeneratedRegex(@"\bread(?:ing)?\b[^.;\n]{0,40}$", RegexOptions.IgnoreCase)]
    private static partial Regex ReadingBefore();

    [GeneratedRegex(@"^[^.;\n]{0,20}?\bread", RegexOptions.IgnoreCase)]
    private static partial Regex ReadingAfter();

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s{0,3}>")]
    private static partial Regex QuoteLine();

    [GeneratedRegex(@"^\s{0,3}>\s*\*\*From the seed:\*\*")]
    private static partial Regex SeedQuoteStart();

    [GeneratedRegex(@"^\s{0,3}#")]
    private static partial Regex Heading();

    /// <summary>What is not prose: display math, inline math, code spans, HTML code, link and image targets, bare URLs.</summary>
    [GeneratedRegex(@"\$\$[\s\S]*?\$\$|(?<![\\$])\$(?!\$)[^$\n]+?(?<!\\)\$|(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)|<code>[\s\S]*?</code>|\]\([^)\s]*\)|https?://\S+")]
    private static partial Regex NotProse();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>The measured numbers that <paramref name="markdown"/> states in its prose.</summary>
    public static IReadOnlyList<Hit> Find(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var prose = Spaces().Replace(NotProse().Replace(WithoutFencesAndSeedQuotes(markdown), " ⟨…⟩ "), " ").Trim();
        var matches = Rules
            .SelectMany(rule => rule.Pattern.Matches(prose).Select(match => (rule.Kind, Match: match)))
            .Where(found => !IsSetting(prose, found.Match, found.Kind))
            .OrderBy(found => found.Match.Index).ThenByDescending(found => found.Match.Length)
            .ToList();
        var hits = new List<Hit>();
        var end = -1;
        foreach (var (kind, match) in matches)
        {
            if (match.Index < end) continue;   // overlaps a figure already reported
            end = match.Index + match.Length;
            hits.Add(new Hit(kind, match.Value, Context(prose, match)));
        }

        return hits;
    }

    private static bool IsSetting(string prose, Match match, string kind)
    {
        var before = prose[Math.Max(0, match.Index - 40)..match.Index];
        if (BoundBefore().IsMatch(before)) return true;
        if (kind != "a time" || !Regex.IsMatch(match.Value, @"(?:min|h)\w*$")) return false;
        var after = prose[(match.Index + match.Length)..Math.Min(prose.Length, match.Index + match.Length + 20)];
        return ReadingBefore().IsMatch(before) || ReadingAfter().IsMatch(after);
    }

    private static string Context(string prose, Match match)
    {
        var start = Math.Max(0, match.Index - ContextChars);
        var end = Math.Min(prose.Length, match.Index + match.Length + ContextChars);
        return (start > 0 ? "…" : "") + prose[start..end].Trim() + (end < prose.Length ? "…" : "");
    }

    /// <summary>The markdown with fenced code blocks and seed blockquotes blanked out (line structure kept). A blockquote
    /// runs from a line starting with &gt; to the next blank line, a heading or a fence (lazy continuation lines included).</summary>
    private static string WithoutFencesAndSeedQuotes(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var kept = new StringBuilder();
        string? fence = null;
        var inQuote = false;
        var seedQuote = false;
        foreach (var line in lines)
        {
            var blank = string.IsNullOrWhiteSpace(line);
            if (fence is not null)
            {
                if (Fence().Match(line) is { Success: true } close && close.Groups[1].Value == fence) fence = null;
                kept.Append('\n');
                continue;
            }

            if (Fence().Match(line) is { Success: true } open)
            {
                fence = open.Groups[1].Value;
                inQuote = seedQuote = false;
                kept.Append('\n');
                continue;
            }

            if (QuoteLine().IsMatch(line))
            {
                if (!inQuote) seedQuote = SeedQuoteStart().IsMatch(line);
                inQuote = true;
            }
            else if (blank || Heading().IsMatch(line))
            {
                inQuote = seedQuote = false;
            }

            kept.Append(inQuote && seedQuote ? "" : line).Append('\n');
        }

        return kept.ToString();
    }
}
