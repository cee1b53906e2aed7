using System.Diagnostics;
using FasterSharp.Deploy;
using FasterSharp.Export;
using FasterSharp.Tests.Reference;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Export;

/// <summary>Temporary folders for exported files, Debian's ONNX checker as the oracle, and the TorchSharp-vs-ONNX
/// Runtime comparison the export tests share.</summary>
internal static class OnnxFiles
{
    /// <summary>The VGG-style net with random weights and statistics (seed 21), BatchNorm folded, in eval mode, and
    /// <paramref name="images"/> Fashion-MNIST validation images to run and calibrate it with.</summary>
    public static (nn.Module<Tensor, Tensor> Model, Tensor Images) FoldedVgg(int images)
    {
        manual_seed(21);
        var model = FasterSharp.Models.SmallCnns.VggStyle();
        OnnxExportParityTests.Randomize(model);
        model.eval();
        var dls = FasterSharp.Data.DataLoaders.FashionMnist(batchSize: 64, trainSubset: 64, validSubset: images);
        var batch = cat(dls.Valid.Select(b => b.Input).ToList(), 0);
        FasterSharp.Fold.BatchNormFolder.Fold(model, batch.narrow(0, 0, 2));
        return (model, batch);
    }

    /// <summary>A fresh empty folder, deleted when the test process exits.</summary>
    public static string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("fastersharp-onnx-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return folder;
    }

    /// <summary>Runs tests/reference/check_onnx.py (onnx.checker.check_model with full_check=True) on the files;
    /// fails the test with the checker's message.</summary>
    public static void AssertCheckerAccepts(params string[] paths)
    {
        Assert.True(File.Exists(ReferenceScript.Python), $"{ReferenceScript.Python} is missing; run sudo bash environment/setup.sh (python3-onnx)");
        var start = new ProcessStartInfo(ReferenceScript.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ReferenceScript.RepositoryRoot(), "tests", "reference", "check_onnx.py"));
        foreach (var path in paths) start.ArgumentList.Add(path);
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "check_onnx.py did not finish in 60 s");
        Assert.True(process.ExitCode == 0,
            $"onnx.checker rejected the file (exit {process.ExitCode}; is python3-onnx installed? sudo bash environment/setup.sh):\n{stdout.Result}\n{stderr.Result}");
        Assert.Equal(paths.Length, stdout.Result.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    /// <summary>Exports <paramref name="model"/> with a batch-2 sample of <paramref name="imageShape"/>, checks the file
    /// with onnx.checker, and compares ONNX Runtime's outputs with TorchSharp's (eval mode) on fresh batches of 1 and
    /// 5: the largest difference must be at most 1e-4 × max(1, largest |output|).</summary>
    public static OnnxExportResult AssertParity(nn.Module<Tensor, Tensor> model, long[] imageShape, string fileName, int seed = 0)
    {
        var folder = NewFolder();
        var path = Path.Combine(folder, fileName);
        manual_seed(seed);
        using var sample = randn([2, .. imageShape]);
        var result = OnnxExport.Export(model, sample, path);
        AssertCheckerAccepts(path);
        model.eval();
        using var ort = OnnxRuntimeModel.Load(path);
        foreach (var batch in new long[] { 1, 5 })
        {
            using var x = randn([batch, .. imageShape]);
            using var noGrad = no_grad();
            using var expected = model.call(x);
            using var actual = ort.call(x);
            Assert.Equal(expected.shape, actual.shape);
            var scale = Math.Max(1, expected.abs().max().item<float>());
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-4 * scale,
                $"{fileName}, batch {batch}: ONNX Runtime differs from TorchSharp by {difference:G3} (outputs up to {scale:G3})");
        }
        return result;
    }
}
