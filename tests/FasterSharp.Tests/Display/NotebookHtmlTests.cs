using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FasterSharp.Display;
using FasterSharp.Figures;
using TorchSharp.Tests.Reference;

namespace FasterSharp.Tests.Display;

public class NotebookHtmlTests
{
    private const string Page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>t</title></HEAD>\n<body><p>x</p></body></html>";

    [Fact]
    public void Embedding_puts_the_script_before_the_head_end_once_with_define_hidden()
    {
        var embedded = NotebookHtml.EmbedPlotlyScript(Page, "var lib = '</script>'; window.Plotly = {};");

        var scriptAt = embedded.IndexOf($"<script type=\"text/javascript\" {NotebookHtml.MarkerAttribute}=\"{PlotlyScript.Version}\">", StringComparison.Ordinal);
        Assert.True(scriptAt > embedded.IndexOf("<title>", StringComparison.Ordinal));
        Assert.True(scriptAt < embedded.IndexOf("</HEAD>", StringComparison.Ordinal));
        Assert.Contains("(function (define, module, exports) {\nvar lib = '<\\/script>'; window.Plotly = {};\n}).call(window);\n</script>", embedded);
        Assert.Equal(Page.Length, embedded.Replace(embedded[scriptAt..embedded.IndexOf("</HEAD>", StringComparison.Ordinal)], "").Length);
        Assert.Same(embedded, NotebookHtml.EmbedPlotlyScript(embedded, "other"));
        Assert.Throws<ArgumentException>(() => NotebookHtml.EmbedPlotlyScript("<p>no head</p>", "x"));
        Assert.Throws<ArgumentException>(() => NotebookHtml.EmbedPlotlyScript(Page, ""));
    }

    [Fact]
    public void Embedding_into_a_file_rewrites_it_when_the_script_exists_and_fails_clearly_otherwise()
    {
        var dir = Directory.CreateTempSubdirectory("fastersharp-html-").FullName;
        try
        {
            var html = Path.Combine(dir, "page.html");
            var script = Path.Combine(dir, "plotly.min.js");
            File.WriteAllText(html, Page);
            File.WriteAllText(script, "window.Plotly = { fake: true };");

            Assert.True(NotebookHtml.EmbedPlotly(html, script));
            var once = File.ReadAllText(html);
            Assert.Contains("window.Plotly = { fake: true };", once);
            Assert.True(NotebookHtml.EmbedPlotly(html, script));
            Assert.Equal(once, File.ReadAllText(html));
            Assert.Equal(["page.html", "plotly.min.js"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());

            Assert.Throws<FileNotFoundException>(() => NotebookHtml.EmbedPlotly(html, Path.Combine(dir, "missing.js")));
            Assert.Throws<FileNotFoundException>(() => NotebookHtml.EmbedPlotly(Path.Combine(dir, "missing.html"), script));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_pinned_npm_version_is_the_one_the_cdn_fallback_loads()
    {
        var packageJson = Path.Combine(ReferenceScript.RepositoryRoot(), "environment", "package.json");
        var pinned = JsonNode.Parse(File.ReadAllText(packageJson))!["dependencies"]!["plotly.js-dist-min"]!.GetValue<string>();

        Assert.Equal(PlotlyScript.Version, pinned);
        Assert.Equal($"https://cdn.plot.ly/plotly-{pinned}.min.js", PlotlyScript.CdnUrl);
    }

    [Fact]
    public void Installed_plotly_is_found_by_walking_up_from_the_assembly()
    {
        var path = PlotlyScript.FindPath()
            ?? throw new InvalidOperationException($"{PlotlyScript.RelativePath} is missing: run bash environment/setup.sh (it runs npm ci in environment/)");

        Assert.Equal(Path.Combine(ReferenceScript.RepositoryRoot(), PlotlyScript.RelativePath), path);
        Assert.StartsWith($"/**\n* plotly.js v{PlotlyScript.Version}", File.ReadAllText(path)[..40]);
    }

    /// <summary>The whole path a tutorial's figure takes: a display_data output in a notebook, nbconvert's
    /// HTML, plotly inlined, then a headless browser with networking off draws it.</summary>
    [Fact]
    public void Exported_notebook_html_renders_a_plotly_svg_offline_in_headless_chromium()
    {
        const string chromium = "/usr/bin/chromium";
        const string nbconvert = "/usr/bin/jupyter-nbconvert";
        foreach (var tool in new[] { chromium, nbconvert })
            if (!File.Exists(tool)) throw new InvalidOperationException($"{tool} is missing: run bash environment/setup.sh (it installs chromium and jupyter-nbconvert)");
        var plotly = PlotlyScript.FindPath() ?? throw new InvalidOperationException("plotly.js is missing: run bash environment/setup.sh");

        var loss = Figure.Line([0.0, 1, 2, 3], [1.0, 0.6, 0.4, 0.3], "train").AddLine([1.0, 3], [0.8, 0.5], "valid")
            .WithTitle("Loss").WithXAxis("iteration").WithYAxis("loss", log: true);
        var sparsity = Figure.Bar(["conv1", "conv2", "fc"], [0.5, 0.8, 0.9], "sparsity").WithTitle("Sparsity per layer")
            .WithYAxis("sparsity", min: 0, max: 1, tickFormat: ".0%");
        var figure = Figure.Grid(1, 2, loss, sparsity).WithTitle("Run <1>");
        var dir = Directory.CreateTempSubdirectory("fastersharp-render-").FullName;
        try
        {
            var notebook = Path.Combine(dir, "plot.ipynb");
            File.WriteAllText(notebook, NotebookWithDisplay(figure));
            Run(nbconvert, ["--to", "html", "--log-level=ERROR", notebook], dir);
            var html = Path.Combine(dir, "plot.html");
            Assert.True(NotebookHtml.EmbedPlotly(html, plotly));

            var profile = Path.Combine(dir, "profile");
            string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
                "--proxy-server=http://127.0.0.1:9"]; // every network request fails: plotly.js must come from the page
            var dom = Run(chromium, [.. common, "--dump-dom", new Uri(html).AbsoluteUri], dir);

            Assert.Contains("class=\"main-svg\"", dom);
            Assert.DoesNotContain("src=\"https://cdn.plot.ly", dom);
            Assert.Contains(">Loss<", dom);
            Assert.Contains(">Sparsity per layer<", dom);
            Assert.Contains(">Run &lt;1&gt;<", dom);
            Assert.Contains("x2y2", dom);
            Assert.Contains(">80%<", dom);

            var artifacts = Path.Combine(ReferenceScript.RepositoryRoot(), "artifacts", "figures");
            Directory.CreateDirectory(artifacts);
            var png = Path.Combine(artifacts, "notebook-plot.png");
            File.Delete(png);
            Run(chromium, [.. common, "--window-size=1000,800", $"--screenshot={png}", new Uri(html).AbsoluteUri], dir);
            Assert.True(new FileInfo(png).Length > 5_000, "the screenshot is missing or blank");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string NotebookWithDisplay(Figure figure)
    {
        var bundle = ConventionFormatting.Bundle(figure);
        var data = new JsonObject();
        foreach (var (mime, text) in bundle)
            data[mime] = mime.EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(text) : JsonValue.Create(text);
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
            },
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = "plot",
                ["execution_count"] = 1,
                ["metadata"] = new JsonObject(),
                ["source"] = "Figure.Grid(1, 2, loss, sparsity).WithTitle(\"Run <1>\")",
                ["outputs"] = new JsonArray(new JsonObject
                {
                    ["output_type"] = "display_data",
                    ["data"] = data,
                    ["metadata"] = new JsonObject(),
                }),
            }),
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Run(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 2 minutes");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
