using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>The file next to a model checkpoint that holds the optimizer state.</summary>
    public static string OptimizerFile(string path) => path + ".opt";

    /// <summary>Saves the model weights to <paramref name="path"/> (TorchSharp's format) and, when there is
    /// an optimizer and <paramref name="withOptimizer"/> is set, its state to <see cref="OptimizerFile"/>.
    /// Each file is written to a temporary name and renamed, so a crash never leaves half a file.</summary>
    public void Save(string path, bool withOptimizer = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        Model.save(path);
        if (withOptimizer && Optimizer is OptimizerHelper helper) helper.save_state_dict(OptimizerFile(path));
    }

    /// <summary>Loads what <see cref="Save"/> wrote. The optimizer state is loaded when its file exists and
    /// <paramref name="withOptimizer"/> is set (the optimizer is created first if needed). All or nothing:
    /// if either file is missing, truncated or does not match, an exception is thrown and the model and
    /// optimizer keep their previous state.</summary>
    public void Load(string path, bool withOptimizer = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint at {path}", path);
        var optimizerPath = OptimizerFile(path);
        var loadOptimizer = withOptimizer && File.Exists(optimizerPath);
        var snapshot = loadOptimizer ? SnapshotModel() : null;
        Model.load(path);
        if (!loadOptimizer) return;
        try
        {
            Optimizer ??= OptimizerFactory(Model.parameters(), 1e-3);
            if (Optimizer is not OptimizerHelper helper)
                throw new NotSupportedException($"{Optimizer.GetType().Name} cannot load a saved state");
            helper.load_state_dict(optimizerPath);
        }
        catch
        {
            RestoreModel(snapshot!);
            throw;
        }
        finally
        {
            if (snapshot is not null) foreach (var t in snapshot.Values) t.Dispose();
        }
    }

    private Dictionary<string, Tensor> SnapshotModel()
    {
        var copy = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in Model.state_dict()) copy[name] = tensor.clone().DetachFromDisposeScope();
        return copy;
    }

    private void RestoreModel(Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in Model.state_dict()) tensor.copy_(snapshot[name]);
    }
}
