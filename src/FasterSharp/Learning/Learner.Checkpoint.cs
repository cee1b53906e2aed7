using TorchSharp.Modules;

namespace FasterSharp.Learning;

public sealed partial class Learner
{
    /// <summary>Saves a checkpoint: the model's weights and buffers and, when the learner has an optimizer and
    /// <paramref name="withOptimizer"/> is set, the optimizer state, together in one file (see remarks). The file
    /// is written to a temporary name in the same folder and renamed, so a crash or an error leaves the previous
    /// checkpoint whole; the folder is created if needed.</summary>
    /// <remarks>One file, one unit: a later save without the optimizer replaces the earlier optimizer state too, so
    /// new weights are never paired with an old optimizer state. The weights come first in TorchSharp's own
    /// format, so <c>Module.load</c> reads them as well; a footer with a SHA-256 checksum closes the file.</remarks>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="withOptimizer">Include the optimizer state (default true; ignored before the first fit). When the
    /// model's layers were replaced since the optimizer was made (pruning, folding, decomposition), a new optimizer is
    /// made first, as the next fit would, and its fresh state is saved.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, blank, invalid or a directory.</exception>
    /// <exception cref="NotSupportedException">The optimizer cannot save its state (not a TorchSharp <c>OptimizerHelper</c>).</exception>
    /// <exception cref="IOException">The file cannot be written (the previous one is unchanged).</exception>
    /// <exception cref="InvalidOperationException">Called from another thread while the learner runs (callback events may save).</exception>
    public void Save(string path, bool withOptimizer = true)
    {
        AtomicFile.CheckWritablePath(path, nameof(path));
        ThrowIfRunningOnAnotherThread(nameof(Save));
        // An optimizer over parameters the model no longer has would pair new weights with a state that cannot be
        // loaded back; the next step would replace it anyway.
        if (withOptimizer) RefreshOptimizerIfModelChanged(thorough: true);
        OptimizerHelper? optimizer = null;
        if (withOptimizer && Optimizer is not null)
            optimizer = Optimizer as OptimizerHelper
                ?? throw new NotSupportedException($"{Optimizer.GetType().Name} cannot save its state; save with withOptimizer: false");
        CheckpointFile.Write(path, Model, optimizer);
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>, all or nothing: the whole file is read and checked
    /// (footer, length, checksum, every name, dtype and shape, the optimizer state) before anything is copied into
    /// the model or the optimizer; if anything is wrong an exception naming the file is thrown and the model and
    /// the optimizer keep their previous state.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="withOptimizer">Also restore the optimizer state when the checkpoint has one (default true); the
    /// optimizer is created first if the learner has none yet, or has one made before the model's layers were replaced.
    /// A checkpoint saved without the optimizer leaves the learner's optimizer as it is (fastai's behaviour).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="Data.InvalidDataFileException">Not a checkpoint, truncated, extended, damaged, or saved from
    /// another model or optimizer (the message names the file and what differs).</exception>
    /// <exception cref="NotSupportedException">The optimizer cannot load a saved state.</exception>
    /// <exception cref="InvalidOperationException">Called from another thread while the learner runs (callback events may load).</exception>
    public void Load(string path, bool withOptimizer = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ThrowIfRunningOnAnotherThread(nameof(Load));
        // An optimizer made before the model's layers were replaced cannot take the saved state: the state goes into a
        // new one, as when the learner has none (the old one is replaced only once the whole file checked out).
        var current = OptimizerMatchesModel() ? Optimizer : null;
        var parameters = Model.parameters().ToList();
        Func<OptimizerHelper>? createOptimizer = withOptimizer ? () => NewOptimizerForLoading(path, parameters) : null;
        using var contents = CheckpointFile.Read(path, Model, createOptimizer);
        if (contents.HasOptimizerState && current is OptimizerHelper existingLayout)
            CheckSameLayout(existingLayout, contents.Optimizer!, path);
        // Everything is checked; from here on nothing can fail on the file's account.
        StateDictFile.CopyInto(Model, contents.Weights);
        if (!contents.HasOptimizerState) return;
        if (current is OptimizerHelper existing)
        {
            existing.load_state_dict(contents.Optimizer!.state_dict());
            return;
        }
        var stale = Optimizer;
        AdoptOptimizer(contents.TakeOptimizer(), parameters);
        stale?.Dispose();
    }

    private OptimizerHelper NewOptimizerForLoading(string path, IReadOnlyList<Parameter> parameters)
    {
        var lr = Optimizer is null ? 1e-3 : OptimizerHyperParameters.GetLearningRate(Optimizer);
        var created = OptimizerFactory(parameters, lr)
            ?? throw new InvalidOperationException("the optimizer factory returned null");
        if (created is OptimizerHelper helper && (Optimizer is null || Optimizer.GetType() == created.GetType())) return helper;
        var name = created.GetType().Name;
        created.Dispose();
        throw new NotSupportedException(Optimizer is not null && Optimizer.GetType() != created.GetType()
            ? $"the optimizer factory makes a {name}, the learner's optimizer is a {Optimizer.GetType().Name}; cannot restore {path}'s optimizer state into it"
            : $"{name} cannot load a saved state (not a TorchSharp OptimizerHelper); load {path} with withOptimizer: false");
    }

    private static void CheckSameLayout(OptimizerHelper current, OptimizerHelper loaded, string path)
    {
        var a = current.state_dict();
        var b = loaded.state_dict();
        if (a.Options.Count != b.Options.Count || a.State.Count != b.State.Count)
            throw new Data.InvalidDataFileException(path,
                $"its optimizer state has {b.Options.Count} parameter groups and {b.State.Count} parameter states, the learner's optimizer {a.Options.Count} and {a.State.Count}");
    }
}
