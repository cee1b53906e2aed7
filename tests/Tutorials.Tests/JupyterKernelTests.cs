using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Tutorials.Tests;

/// <summary>Runs a tutorial the way VS Code and JupyterLab do: Jupyter's own client (Debian's nbclient) drives the
/// <c>dotnet-interactive</c> tool's kernel, started from the repository's kernelspec (<c>.tools/jupyter</c>, written by
/// <c>environment/setup.sh</c>) through <c>environment/dotnet</c> and with <c>--http-local-only</c>.</summary>
public class JupyterKernelTests(ITestOutputHelper output)
{
    private const string Tutorial = "notebooks/01-lottery-ticket.ipynb";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // Executes the notebook with nbclient and writes it without the kernel's first output, which loads the kernel's
    // HTTP API into the page: a script carrying the host's addresses that fetches require.js from a CDN.
    private const string Driver =
        """
        import json, os, sys, time, nbformat
        from nbclient import NotebookClient
        source, target = sys.argv[1:3]
        notebook = nbformat.read(source, as_version=4)
        start = time.monotonic()
        NotebookClient(notebook, kernel_name=".net-csharp", timeout=600, startup_timeout=300,
                       resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}}).execute()
        for cell in notebook.cells:
            if "outputs" in cell:
                cell.outputs = [o for o in cell.outputs if "dotnet-interactive-this-cell" not in json.dumps(o.get("data", {}))]
        nbformat.write(notebook, target)
        print(f"nbclient: {time.monotonic() - start:.1f} s")
        """;

    [Fact]
    public void The_kernelspec_starts_the_tool_kernel_through_environment_dotnet_and_local_only()
    {
        var spec = JsonNode.Parse(File.ReadAllText(KernelSpecPath()))!;
        var argv = spec["argv"]!.AsArray().Select(arg => arg!.GetValue<string>()).ToList();

        Assert.Equal(Path.Combine(Repository.Root, "environment", "dotnet"), argv[0]);
        Assert.True(File.Exists(argv[1]), $"the kernel's dll {argv[1]} is missing: run bash environment/setup.sh");
        Assert.Equal(["jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"], argv.Skip(2));
        Assert.Equal("1", spec["env"]!["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"]!.GetValue<string>());
    }

    [Fact]
    public void A_tutorial_runs_in_quick_mode_through_jupyters_client_on_the_tool_kernel_and_stores_no_host_address()
    {
        KernelSpecPath();
        var source = Path.Combine(Repository.Root, Tutorial);
        var before = File.ReadAllBytes(source);
        var folder = Directory.CreateTempSubdirectory("tutorials-nbclient-").FullName;
        try
        {
            var written = Path.Combine(folder, Path.GetFileName(source));
            var (exitCode, log, elapsed) = RunDriver(source, written, folder);
            output.WriteLine($"{Tutorial} through nbclient: exit {exitCode} after {elapsed.TotalSeconds:F1} s\n{log}");

            Assert.True(exitCode == 0, $"nbclient exited with {exitCode}:\n{log}");
            var cells = JsonNode.Parse(File.ReadAllText(written))!["cells"]!.AsArray();
            var codeCells = cells.Where(cell => cell!["cell_type"]!.GetValue<string>() == "code").ToList();
            var outputs = codeCells.SelectMany(cell => cell!["outputs"]!.AsArray()).ToList();
            Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
            Assert.All(codeCells, cell => Assert.NotNull(cell!["execution_count"]));
            Assert.Contains(outputs, o => o!["data"]?["text/html"]?.ToJsonString().Contains("fastersharp-table", StringComparison.Ordinal) == true);
            Assert.Contains(outputs, o => o!["data"]?["application/vnd.plotly.v1+json"] is not null);
            HostDetails.AssertAbsent(JsonSerializer.Serialize(outputs));
            var (validation, validationOutput) = NotebookRunner.Tests.NbformatValidator.Validate(written);
            Assert.True(validation == 0, $"nbformat rejects {written}:\n{validationOutput}");
            Assert.Equal(before, File.ReadAllBytes(source));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string KernelSpecPath()
    {
        var path = Path.Combine(Repository.Root, ".tools", "jupyter", "kernels", ".net-csharp", "kernel.json");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run bash environment/setup.sh");
    }

    private static (int ExitCode, string Log, TimeSpan Elapsed) RunDriver(string source, string target, string folder)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", Driver, source, target },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
            Environment =
            {
                ["JUPYTER_PATH"] = Path.Combine(Repository.Root, ".tools", "jupyter"),
                ["JUPYTER_RUNTIME_DIR"] = Path.Combine(folder, "runtime"),
                ["FASTERSHARP_QUICK"] = "1",
            },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"nbclient did not finish within {Limit.TotalMinutes} minutes:\n{stderr.Result}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
