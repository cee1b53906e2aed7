using System.Diagnostics;
using System.Reflection;
using Xunit.Abstractions;

namespace Tutorials.Tests;

/// <summary>Runs every tutorial in notebooks/ in quick mode, the way <c>environment/tutorials.sh --quick</c> does,
/// and checks that it ran through and wrote a valid notebook.</summary>
public class TutorialNotebookTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NotebookLimit = TimeSpan.FromMinutes(10);

    /// <summary>The notebooks in notebooks/, as paths relative to the repository root, found when the tests are discovered.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var notebook in FindNotebooks())
        {
            data.Add(notebook);
        }

        return data;
    }

    [Fact]
    public void The_notebooks_folder_has_tutorials()
    {
        Assert.True(FindNotebooks().Count >= 1, $"no tutorials were found: {Path.Combine(Repository.Root, "notebooks")} has no .ipynb file");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_in_quick_mode_without_errors_and_writes_valid_nbformat(string notebook)
    {
        var source = Path.Combine(Repository.Root, notebook);
        var fasterSharp = Path.Combine(Repository.Root, "src", "FasterSharp", "bin", "Release", "net10.0", "FasterSharp.dll");
        if (!File.Exists(fasterSharp))
        {
            throw new InvalidOperationException($"{fasterSharp} is missing (the notebooks #r it): build Release first: dotnet build Notebooks.sln -c Release");
        }

        var before = File.ReadAllBytes(source);
        var outFolder = Directory.CreateTempSubdirectory("tutorials-tests-").FullName;
        try
        {
            // --out: the stored (full-mode) outputs stay untouched; #r still resolves from the notebook's own folder.
            var (exitCode, log, elapsed) = RunRunner(["--quick", "--out", outFolder, source]);
            output.WriteLine($"{notebook}: exit {exitCode} after {elapsed.TotalSeconds:F1} s\n{log}");
            var written = Path.Combine(outFolder, Path.GetFileName(source));
            var cells = File.Exists(written) ? NotebookFiles.Cells(written) : [];
            var errors = NotebookFiles.Errors(cells);

            Assert.True(exitCode == 0, $"the runner exited with {exitCode}; errors: {string.Join("; ", errors)}\n{log}");
            Assert.Empty(errors);
            HostDetails.AssertAbsent(string.Concat(cells.Select(cell => cell!["outputs"]?.ToJsonString())));
            Assert.Contains("(quick mode)", log);
            var codeCells = cells.Where(cell => cell!["cell_type"]!.GetValue<string>() == "code").ToList();
            Assert.NotEmpty(codeCells);
            var notExecuted = codeCells.Select((cell, index) => (cell, index))
                .Where(c => c.cell!["execution_count"] is null).Select(c => c.index + 1).ToList();
            Assert.True(notExecuted.Count == 0, $"code cells not executed: {string.Join(", ", notExecuted)}");
            var (validation, validationOutput) = NotebookRunner.Tests.NbformatValidator.Validate(written);
            Assert.True(validation == 0, $"nbformat rejects {written}:\n{validationOutput}");
            Assert.Equal(before, File.ReadAllBytes(source));
        }
        finally
        {
            Directory.Delete(outFolder, recursive: true);
        }
    }

    private static IReadOnlyList<string> FindNotebooks() => NotebookFiles.Notebooks();

    /// <summary>Starts the NotebookRunner built in this test assembly's configuration; returns its exit code,
    /// its standard output and error together, and the wall time.</summary>
    internal static (int ExitCode, string Log, TimeSpan Elapsed) RunRunner(IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var configuration = typeof(TutorialNotebookTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var runner = Path.Combine(Repository.Root, "src", "NotebookRunner", "bin", configuration, "net10.0", "NotebookRunner.dll");
        if (!File.Exists(runner))
        {
            throw new InvalidOperationException($"{runner} is missing: dotnet build Notebooks.sln -c {configuration}");
        }

        // The .NET host that runs this test (environment/dotnet's), so the runner can load TorchSharp as the test can.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the test host's path is unknown");
        if (Path.GetFileNameWithoutExtension(host) != "dotnet")
        {
            throw new InvalidOperationException($"the tests must run in a dotnet host (environment/dotnet test ...), not {host}");
        }

        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        start.ArgumentList.Add(runner);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(NotebookLimit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"the notebook did not finish within {NotebookLimit.TotalMinutes} minutes in quick mode:\n{stderr.Result}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
