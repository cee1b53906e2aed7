namespace Tutorials.Tests;

/// <summary>The detector of measured numbers in markdown, on strings: the claims it must catch, the settings it must
/// let through, and the passages it must not read.</summary>
public class MarkdownClaimsTests
{
    [Theory]
    [InlineData("the dense network reaches 87.00% on the test images", "87.00%")]
    [InlineData("the ticket lands at 85.95 % on the test set", "85.95 %")]
    [InlineData("latency went from 42.49 → 42.64 ms after folding", "42.49 → 42.64")]
    [InlineData("a batch takes 0.781 ms on one thread", "0.781 ms")]
    [InlineData("one image takes 97.6 ms", "97.6 ms")]
    [InlineData("each epoch takes about 40 s here", "40 s")]
    [InlineData("each epoch takes 12s here", "12s")]
    [InlineData("the full run took 19 minutes", "19 minutes")]
    [InlineData("a forward pass costs 350 µs", "350 µs")]
    [InlineData("the file shrinks to 412 KiB", "412 KiB")]
    [InlineData("the model is 1.6 MB on disk", "1.6 MB")]
    [InlineData("it needs 12.3 M MACs per image", "12.3 M MACs")]
    [InlineData("down to 3.1M MACs", "3.1M MACs")]
    [InlineData("that is 1.2 GMACs", "1.2 GMACs")]
    [InlineData("latency ×1.45 after fine-tuning", "×1.45")]
    [InlineData("latency × 0.143 while MACs shrink", "× 0.143")]
    [InlineData("the ticket trains x1.8 longer", "x1.8")]
    [InlineData("it cuts the MACs by about 2.7× overall", "2.7×")]
    [InlineData("a 1.45x speed-up", "1.45x")]
    [InlineData("the pruned net runs 3 times faster", "3 times faster")]
    [InlineData("the KD gain is +0.30 points", "0.30 points")]
    [InlineData("it loses 2 percentage points", "2 percentage points")]
    [InlineData("k = 64 is above the break-even mn/(m+n) ≈ 85", "≈ 85")]
    [InlineData("fine-tuning takes it from 92.00 → 91.90", "92.00 → 91.90")]
    [InlineData("the student reaches an accuracy of 91% on the test set", "accuracy of 91%")]
    [InlineData("the student gets 91% accuracy", "91% accuracy")]
    [InlineData("its accuracy is 0.8912", "accuracy is 0.8912")]
    [InlineData("after 8 epochs the student reaches 91%", "epochs the student reaches 91%")]
    [InlineData("The best loss, after five epochs, climbs to 90%", "epochs, climbs to 90%")]
    public void A_measured_number_in_prose_is_caught(string markdown, string expected)
    {
        var hits = MarkdownClaims.Find(markdown);

        Assert.True(hits.Count == 1, $"expected one hit in «{markdown}», got {hits.Count}: {string.Join(" | ", hits)}");
        Assert.Contains(expected, hits[0].Match);
        Assert.Contains(hits[0].Match, hits[0].Context);
    }

    [Theory]
    [InlineData("`SparsifyCallback` with sparsity: 40 makes 40% of the filters zero, then 50%")]
    [InlineData("a cosine schedule from 0 to 40% over 8 epochs, batch 64, k = 64, 3 seeds")]
    [InlineData("two 3×3 convolutions on 28×28 images; the layer is 128 × 10")]
    [InlineData("oneDNN goes wrong on some x64 CPUs with 5x5 kernels")]
    [InlineData("the schedule starts at 0.8 of the target (0.8 × 50% = 40%)")]
    [InlineData("we check three targets: at least 3× fewer parameters, at least 2.5× lower latency, an accuracy within 0.5 points")]
    [InlineData("every notebook must run in ≤ 10 minutes")]
    [InlineData("**Time:** about 25 minutes of reading; running time: see notebooks/README.md")]
    [InlineData("Reading time: 20 minutes.")]
    [InlineData("the network of the 1990s had 5 layers and 16, 32 and 64 channels")]
    [InlineData("on 12,000 training images and all 10,000 test images, with 90% sparsity of its weights")]
    [InlineData("after 2 epochs the sparsity reaches 50%")]
    [InlineData("The seed's accuracy after pruning 50% of the weights")]
    [InlineData("the accuracy at 90% sparsity is printed below; we expect it to fall")]
    [InlineData("the weight $w$ is 0.5 by default; the temperature $T = 4.5$")]
    [InlineData("$$\\mathcal{L} = 0.5 \\cdot 3.2\\%$$ and `latency 1.45 ms` and <code>87.00%</code>")]
    [InlineData("see [the paper](https://arxiv.org/abs/1803.03635) and https://example.org/2.5%20x")]
    [InlineData("# 02 — Pruning schedules\n\nRead section 3.2 of the paper; y = a·x + d.")]
    public void A_setting_math_or_code_is_not_a_claim(string markdown)
    {
        var hits = MarkdownClaims.Find(markdown);

        Assert.True(hits.Count == 0, $"expected no hit in «{markdown}», got: {string.Join(" | ", hits)}");
    }

    [Fact]
    public void Fenced_code_is_not_read()
    {
        var markdown = "The cell prints:\n\n```\nlatency 42.49 ms, accuracy 87.00%\n```\n\nand nothing else.";

        Assert.Empty(MarkdownClaims.Find(markdown));
    }

    [Fact]
    public void A_blockquote_opening_with_From_the_seed_is_exempt_and_the_prose_after_it_is_read()
    {
        var markdown = "> **From the seed:** the VGG16 reached 92.3% after 5 epochs,\n> at 4.2 ms per image,\n" +
                       "lazily continued: ×1.8.\n\nOur run reached 91.5% on the same budget.";

        var hits = MarkdownClaims.Find(markdown);

        Assert.Single(hits);
        Assert.Equal("91.5%", hits[0].Match);
    }

    [Theory]
    [InlineData("> The seed reached 92.3%.")]
    [InlineData("> **From the seed**: it reached 92.3%.")]
    [InlineData("> **Note:** it reached 92.3%.\n> **From the seed:** the seed too.")]
    [InlineData("The seed's figure, **From the seed:** 92.3%.")]
    public void Only_a_blockquote_whose_first_line_opens_with_From_the_seed_is_exempt(string markdown)
    {
        var hits = MarkdownClaims.Find(markdown);

        Assert.Single(hits);
        Assert.Equal("92.3%", hits[0].Match);
    }

    [Fact]
    public void A_second_blockquote_after_a_seed_quote_is_read()
    {
        var markdown = "> **From the seed:** 92.3%.\n\n> Our run: 91.5%.";

        var hits = MarkdownClaims.Find(markdown);

        Assert.Equal(["91.5%"], hits.Select(hit => hit.Match));
    }

    [Fact]
    public void Every_figure_of_a_cell_is_reported_once_with_its_context()
    {
        var markdown = "Dense reaches 87.00%, the ticket 85.65%;\nthe pruned net is 2.7× faster at 4.1 ms.";

        var hits = MarkdownClaims.Find(markdown);

        Assert.Equal(["87.00%", "85.65%", "2.7×", "4.1 ms"], hits.Select(hit => hit.Match));
        Assert.Contains("the ticket 85.65%; the pruned", hits[1].Context);   // one line: the line break is a space
    }
}
