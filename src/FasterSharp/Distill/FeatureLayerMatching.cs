using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Distill;

/// <summary>Pairs student and teacher layers by the shape of their outputs (fasterai's
/// <c>match_feature_layers</c>), for feature losses when no layers are named.</summary>
public static class FeatureLayerMatching
{
    /// <summary>Runs both models once on <paramref name="sampleInput"/> (eval mode, no gradients, training modes
    /// restored after) and records every named layer's output that is a 4-D activation [batch, C, H, W]
    /// (ReLU, ReLU6, BatchNorm2d, Dropout, Dropout2d and Identity are skipped, as their outputs repeat another
    /// layer's). For each spatial size H × W it keeps one layer per model: the shallowest (fewest dots in its
    /// name), and among equally shallow ones the last. Layers of the two models are paired where their
    /// spatial sizes agree, largest size first, sizes of 1 × 1 left out.</summary>
    /// <param name="student">The student model.</param>
    /// <param name="teacher">The teacher model.</param>
    /// <param name="sampleInput">A batch both models accept (e.g. a few validation images).</param>
    /// <param name="matchChannels">Pair by channels too ([C, H, W] must agree), for losses that need equal
    /// shapes such as <see cref="ActivationBoundariesLoss"/>; default false (H × W only).</param>
    /// <returns>The pairs with their per-sample shapes; empty when no size is shared.</returns>
    /// <exception cref="ArgumentException">A model fails on the sample input.</exception>
    public static IReadOnlyList<FeatureLayerPair> ByOutputShape(nn.Module<Tensor, Tensor> student, nn.Module<Tensor, Tensor> teacher,
        Tensor sampleInput, bool matchChannels = false)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(sampleInput);
        var studentBest = BestLayerPerSize(student, sampleInput, matchChannels, "student");
        var teacherBest = BestLayerPerSize(teacher, sampleInput, matchChannels, "teacher");
        return studentBest.Keys.Where(teacherBest.ContainsKey)
            .Where(key => key.Height > 1)
            .OrderByDescending(key => key.Height).ThenByDescending(key => key.Width).ThenByDescending(key => key.Channels)
            .Select(key => new FeatureLayerPair(studentBest[key].Name, teacherBest[key].Name, studentBest[key].Shape, teacherBest[key].Shape))
            .ToList();
    }

    private readonly record struct SizeKey(long Channels, long Height, long Width);

    private static Dictionary<SizeKey, (string Name, long[] Shape)> BestLayerPerSize(nn.Module<Tensor, Tensor> model, Tensor sample,
        bool matchChannels, string role)
    {
        var layers = NamedLayers.All(model)
            .Where(m => m.Module is nn.Module<Tensor, Tensor> and not (ReLU or ReLU6 or BatchNorm2d or Dropout or Dropout2d or Identity))
            .Select(m => (m.Name, Module: (nn.Module<Tensor, Tensor>)m.Module))
            .ToList();
        var shapes = new long[]?[layers.Count];
        var wasTraining = model.training;
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var capture = new ActivationCapture(layers.Select(l => l.Module).ToList());
            model.eval();
            model.forward(sample);
            for (var i = 0; i < layers.Count; i++) shapes[i] = capture.Outputs[i]?.shape;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"the {role} failed on the sample input {Shapes.Format(sample.shape)}: {e.Message}", "sampleInput", e);
        }
        finally
        {
            model.train(wasTraining);
        }

        var best = new Dictionary<SizeKey, (string Name, long[] Shape, int Depth)>();
        for (var i = 0; i < layers.Count; i++)
        {
            if (shapes[i] is not { Length: 4 } shape) continue;
            var key = new SizeKey(matchChannels ? shape[1] : 0, shape[2], shape[3]);
            var depth = layers[i].Name.Count(c => c == '.');
            if (!best.TryGetValue(key, out var current) || depth <= current.Depth) best[key] = (layers[i].Name, shape[1..], depth);
        }
        return best.ToDictionary(kv => kv.Key, kv => (kv.Value.Name, kv.Value.Shape));
    }
}
