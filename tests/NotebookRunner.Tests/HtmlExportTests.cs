using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

public class HtmlExportTests
{
    private const string Page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>t</title></HEAD>\n<body><p>x</p></body></html>";

    [Fact]
    public void Embedding_puts_the_script_before_the_head_end_once_with_define_hidden()
    {
        var embedded = PlotlyEmbedding.Embed(Page, "/**\n* plotly.js v9.8.7\n*/ var lib = '</script>'; window.Plotly = {};");

        var scriptAt = embedded.IndexOf($"<script type=\"text/javascript\" {PlotlyEmbedding.MarkerAttribute}=\"9.8.7\">", StringComparison.Ordinal);
        Assert.True(scriptAt > embedded.IndexOf("<title>", StringComparison.Ordinal));
        Assert.True(scriptAt < embedded.IndexOf("</HEAD>", StringComparison.Ordinal));
        Assert.Contains("(function (define, module, exports) {\n/**\n* plotly.js v9.8.7\n*/ var lib = '<\\/script>'; window.Plotly = {};\n}).call(window);\n</script>", embedded);
        Assert.Equal(Page.Length, embedded.Replace(embedded[scriptAt..embedded.IndexOf("</HEAD>", StringComparison.Ordinal)], "").Length);
        Assert.Same(embedded, PlotlyEmbedding.Embed(embedded, "other"));
        Assert.Contains($"{PlotlyEmbedding.MarkerAttribute}=\"unknown\"", PlotlyEmbedding.Embed(Page, "window.Plotly = {};"));
        Assert.Throws<ArgumentException>(() => PlotlyEmbedding.Embed("<p>no head</p>", "x"));
        Assert.Throws<ArgumentException>(() => PlotlyEmbedding.Embed(Page, ""));
    }

    [Fact]
    public void Embedding_into_a_file_rewrites_it_once_and_leaves_no_temporary_file()
    {
        using var folder = new TestNotebook();
        var html = Path.Combine(folder.Folder, "page.html");
        var script = Path.Combine(folder.Folder, "plotly.min.js");
        File.WriteAllText(html, Page);
        File.WriteAllText(script, "window.Plotly = { fake: true };");

        PlotlyEmbedding.EmbedInto(html, script);
        var once = File.ReadAllText(html);
        PlotlyEmbedding.EmbedInto(html, script);

        Assert.Contains("window.Plotly = { fake: true };", once);
        Assert.Equal(once, File.ReadAllText(html));
        Assert.Equal(["page.html", "plotly.min.js"], Directory.GetFiles(folder.Folder).Select(Path.GetFileName).Order());
        Assert.Throws<FileNotFoundException>(() => PlotlyEmbedding.EmbedInto(html, Path.Combine(folder.Folder, "missing.js")));
        Assert.Throws<FileNotFoundException>(() => PlotlyEmbedding.EmbedInto(Path.Combine(folder.Folder, "missing.html"), script));
    }

    [Fact]
    public void Installed_plotly_is_found_by_walking_up_from_the_runner_assembly_and_is_the_pinned_version()
    {
        var path = PlotlyEmbedding.FindScript()
            ?? throw new InvalidOperationException($"{PlotlyEmbedding.RelativePath} is missing: run {PlotlyEmbedding.SetupCommand} (it runs npm ci in environment/)");
        var packageJson = Path.Combine(RepositoryRoot(), "environment", "package.json");
        var pinned = JsonNode.Parse(File.ReadAllText(packageJson))!["dependencies"]!["plotly.js-dist-min"]!.GetValue<string>();

        Assert.Equal(Path.Combine(RepositoryRoot(), PlotlyEmbedding.RelativePath), path);
        Assert.Equal(pinned, PlotlyEmbedding.VersionOf(File.ReadAllText(path)));
    }

    [Fact]
    public void Without_plotly_the_html_export_fails_and_names_the_setup_command()
    {
        using var folder = new TestNotebook();

        Assert.Null(PlotlyEmbedding.FindScript(null, folder.Folder));
        var missing = Assert.Throws<InvalidOperationException>(() => PlotlyEmbedding.RequireScript(null, folder.Folder));
        Assert.Contains("plotly.js is not installed", missing.Message);
        Assert.Contains("bash environment/setup.sh", missing.Message);
        var badVariable = Assert.Throws<InvalidOperationException>(() => PlotlyEmbedding.RequireScript(Path.Combine(folder.Folder, "nope.js"), folder.Folder));
        Assert.Contains("FASTERSHARP_PLOTLY is set to", badVariable.Message);
        var named = Path.Combine(folder.Folder, "my-plotly.js");
        File.WriteAllText(named, "window.Plotly = {};");
        Assert.Equal(named, PlotlyEmbedding.FindScript(named, folder.Folder)); // the variable wins over the folder walk
    }

    [Fact]
    public void A_bad_plotly_variable_fails_the_html_export_of_the_command_with_the_reason()
    {
        using var notebook = new TestNotebook("report.ipynb").Code("$\"{1 + 1}\"");
        var htmlFolder = Path.Combine(notebook.Folder, "html");
        var log = new StringWriter();
        var before = Environment.GetEnvironmentVariable(PlotlyEmbedding.EnvironmentVariable);
        Environment.SetEnvironmentVariable(PlotlyEmbedding.EnvironmentVariable, Path.Combine(notebook.Folder, "missing-plotly.js"));
        int exitCode;
        try
        {
            exitCode = RunnerCommand.Run(["--html", htmlFolder, notebook.Write()], log);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyEmbedding.EnvironmentVariable, before);
        }

        Assert.Equal(RunnerCommand.NotebookFailed, exitCode);
        Assert.Contains("missing-plotly.js', which is not a file", log.ToString());
        Assert.Contains("bash environment/setup.sh", log.ToString());
        Assert.Equal("2", TestNotebook.Text(notebook.Outputs(1)[0]!["data"]!["text/plain"])); // the notebook itself was still saved
    }

    /// <summary>The whole path a tutorial's figure takes: a FasterSharp figure displayed by a notebook cell run
    /// by the runner, its <c>--html</c> export (nbconvert, plotly inlined), then a headless browser with
    /// networking off draws it. A screenshot is kept in artifacts/figures/notebook-plot.png.</summary>
    [Fact]
    public void Exported_notebook_html_renders_a_fastersharp_figure_offline_in_headless_chromium()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"{chromium} is missing: run {PlotlyEmbedding.SetupCommand} (it installs chromium)");
        }

        // The test project references FasterSharp, so FasterSharp.dll (and TorchSharp's native library) sit beside this assembly.
        var fasterSharp = Path.Combine(AppContext.BaseDirectory, "FasterSharp.dll");
        using var notebook = new TestNotebook("plot.ipynb")
            .Code($"#r \"{fasterSharp}\"\nusing FasterSharp.Figures;")
            .Code(
                """
                var loss = Figure.Line([0.0, 1, 2, 3], [1.0, 0.6, 0.4, 0.3], "train").AddLine([1.0, 3], [0.8, 0.5], "valid")
                    .WithTitle("Loss").WithXAxis("iteration").WithYAxis("loss", log: true);
                var sparsity = Figure.Bar(["conv1", "conv2", "fc"], [0.5, 0.8, 0.9], "sparsity").WithTitle("Sparsity per layer")
                    .WithYAxis("sparsity", min: 0, max: 1, tickFormat: ".0%");
                display(Figure.Grid(1, 2, loss, sparsity).WithTitle("Run <1>"));
                """);
        var htmlFolder = Path.Combine(notebook.Folder, "html");
        var log = new StringWriter();

        Assert.True(RunnerCommand.Run(["--html", htmlFolder, notebook.Write()], log) == RunnerCommand.Success, log.ToString());

        var display = notebook.Outputs(2)[0]!;
        Assert.Equal("display_data", display["output_type"]!.GetValue<string>());
        Assert.NotNull(display["data"]!["application/vnd.plotly.v1+json"] as JsonObject);
        var html = Path.Combine(htmlFolder, "plot.html");
        Assert.Contains(PlotlyEmbedding.MarkerAttribute, File.ReadAllText(html));

        var profile = Path.Combine(notebook.Folder, "profile");
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
            "--proxy-server=http://127.0.0.1:9"]; // every network request fails: plotly.js must come from the page
        var dom = Run(chromium, [.. common, "--dump-dom", new Uri(html).AbsoluteUri], notebook.Folder);

        Assert.Contains("class=\"main-svg\"", dom);
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", dom);
        Assert.Contains(">Loss<", dom);
        Assert.Contains(">Sparsity per layer<", dom);
        Assert.Contains(">Run &lt;1&gt;<", dom);
        Assert.Contains("x2y2", dom);
        Assert.Contains(">80%<", dom);

        var artifacts = Path.Combine(RepositoryRoot(), "artifacts", "figures");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "notebook-plot.png");
        File.Delete(png);
        Run(chromium, [.. common, "--window-size=1000,800", $"--screenshot={png}", new Uri(html).AbsoluteUri], notebook.Folder);
        Assert.True(new FileInfo(png).Length > 5_000, "the screenshot is missing or blank");
    }

    /// <summary>The folder above the test assembly that holds Notebooks.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Notebooks.sln above {AppContext.BaseDirectory}");
    }

    private static string Run(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
