using FasterSharp.Data;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>The plain loops both sides time the same way as bench/pytorch_bench.py.</summary>
internal static class TrainingLoop
{
    /// <summary>One optimizer step per batch: forward, cross-entropy, zero_grad, backward, step.</summary>
    public static void TrainSteps(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<Batch> batches)
    {
        model.train();
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(model.call(batch.Input), batch.Target);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    /// <summary>One forward pass whose result is discarded.</summary>
    public static void Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var scope = NewDisposeScope();
        model.call(input);
    }
}
