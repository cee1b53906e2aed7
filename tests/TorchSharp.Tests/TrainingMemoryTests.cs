using static TorchSharp.torch;

namespace TorchSharp.Tests;

[Collection(nameof(LiveTensorCountCollection))]
public class TrainingMemoryTests
{
    [Fact]
    public void TwoThousandTrainingStepsInDisposeScopesKeepTheLiveTensorCountFlat()
    {
        // Finalize garbage left by earlier tests now, so no finalizer changes the count during the loop.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        manual_seed(0);
        using var model = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(4 * 4 * 4, 10));
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 1e-4);
        using var x = randn(8, 1, 8, 8);
        using var y = randint(0, 10, new long[] { 8 });
        long countAfterWarmUp = 0;
        var losses = new List<float>();
        for (var step = 0; step < 2000; step++)
        {
            using (NewDisposeScope())
            {
                var loss = nn.functional.cross_entropy(model.call(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                if (step % 500 == 0) losses.Add(loss.item<float>());
            }
            if (step == 10) countAfterWarmUp = Tensor.TotalCount;
            // Flat at every step after warm-up, not only at the end (nothing accumulates and is freed later).
            if (step > 10) Assert.Equal(countAfterWarmUp, Tensor.TotalCount);
        }
        Assert.True(losses[^1] < losses[0], $"the loss did not fall: {string.Join(", ", losses)}");
    }
}
