using FasterSharp.Fold;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Tests.Reference;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Fold;

/// <summary>Batch-norm folding is exact: the folded layers equal PyTorch's own fusion, and whole models give the
/// same logits without their BatchNorms.</summary>
public class BatchNormFolderTests
{
    private static readonly Lazy<string> Fixtures = new(() => ReferenceScript.Run("make_structured_fixtures.py", TimeSpan.FromMinutes(2)));

    // Whole models are compared in float64 (see StructuredFixtures.ExactType): max |Δlogit| ≤ 1e-4, as the issue asks.
    private const double LosslessTolerance = 1e-4;

    private static int CountOf<T>(nn.Module model) => model.modules().Count(m => m is T);

    private static (Sequential Model, Dictionary<string, Tensor> Io) LoadLayerAndBatchNorm(string fixture, nn.Module<Tensor, Tensor> layer, BatchNorm bn)
    {
        var io = ReferenceFile.Load(Path.Combine(Fixtures.Value, fixture));
        var model = nn.Sequential(("layer", layer), ("bn", bn));
        var prefix = layer is Conv2d ? "conv" : "linear";
        using (no_grad())
        {
            var (weight, bias) = layer switch
            {
                Conv2d c => (c.weight, c.bias),
                Linear l => (l.weight, l.bias),
                _ => throw new ArgumentException("conv or linear"),
            };
            weight.copy_(io[$"{prefix}.weight"]);
            if (bias is not null) bias.copy_(io[$"{prefix}.bias"]);
            bn.weight.copy_(io["bn.weight"]);
            bn.bias!.copy_(io["bn.bias"]);
            bn.running_mean!.copy_(io["bn.running_mean"]);
            bn.running_var!.copy_(io["bn.running_var"]);
        }
        model.eval();
        return (model, io);
    }

    [Theory]
    [InlineData("conv_bn.dat", true)]
    [InlineData("conv_nobias_bn.dat", false)]
    public void FoldingConvIntoBatchNormMatchesPyTorchsFuseConvBnEval(string fixture, bool bias)
    {
        var conv = nn.Conv2d(6, 10, 3, padding: 1, bias: bias);
        var (model, io) = LoadLayerAndBatchNorm(fixture, conv, nn.BatchNorm2d(10));

        var result = BatchNormFolder.Fold(model, io["input"]);

        // float32 rounding of W·γ/√(σ²+ε): |ours − PyTorch| ≤ 1e-6·|PyTorch| + 1e-6.
        ReferenceAssert.Close(io["fused.weight"], conv.weight.detach(), 1e-6, 1e-6, "folded weight");
        ReferenceAssert.Close(io["fused.bias"], conv.bias!.detach(), 1e-6, 1e-6, "folded bias");
        using var output = Logits(model, io["input"]);
        ReferenceAssert.Close(io["output"], output, 1e-5, 1e-5, "folded conv vs PyTorch's eval conv+bn");
        Assert.IsType<Identity>(model[1]);
        var folded = Assert.Single(result.Folded);
        Assert.Equal(new FoldedBatchNorm("bn", "layer", FoldDirection.IntoPreceding, ""), folded);
    }

    [Fact]
    public void FoldingLinearIntoBatchNorm1dMatchesPyTorchsFuseLinearBnEval()
    {
        var linear = nn.Linear(12, 7);
        var (model, io) = LoadLayerAndBatchNorm("linear_bn.dat", linear, nn.BatchNorm1d(7));
        BatchNormFolder.Fold(model, io["input"]);
        ReferenceAssert.Close(io["fused.weight"], linear.weight.detach(), 1e-6, 1e-6, "folded weight");
        ReferenceAssert.Close(io["fused.bias"], linear.bias!.detach(), 1e-6, 1e-6, "folded bias");
        using var output = Logits(model, io["input"]);
        ReferenceAssert.Close(io["output"], output, 1e-5, 1e-5, "folded linear vs PyTorch's eval linear+bn");
    }

    [Fact]
    public void FoldingTheVggStyleNetIsLosslessAndRemovesEveryBatchNorm()
    {
        manual_seed(21);
        var model = InFloat64(SmallCnns.VggStyle());
        RandomizeBatchNorms(model, 21);
        using var input = randn(new long[] { 4, 1, 28, 28 }, ExactType);
        using var before = Logits(model, input);
        var parameters = Pruner.CountParameters(model);

        var result = BatchNormFolder.Fold(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        Assert.Equal(0, CountOf<BatchNorm>(model));
        Assert.Equal(5, result.Folded.Count);
        Assert.All(result.Folded, f => Assert.Equal(FoldDirection.IntoPreceding, f.Direction));
        // Each BatchNorm's γ and β go (2 per channel); the convs already had biases.
        Assert.Equal(parameters - 2 * (32 + 32 + 64 + 64 + 128), Pruner.CountParameters(model));
        Assert.Equal(parameters, result.ParametersBefore);
        Assert.DoesNotContain(model.state_dict().Keys, k => k.Contains("running_mean"));
    }

    [Fact]
    public void FoldingTheSeedFourNetFoldsEachBatchNormIntoTheFollowingLayerLosslessly()
    {
        manual_seed(22);
        var model = InFloat64(SmallCnns.PruningNet());
        RandomizeBatchNorms(model, 22);
        using var input = randn(new long[] { 4, 1, 28, 28 }, ExactType);
        using var before = Logits(model, input);

        var result = BatchNormFolder.Fold(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        Assert.Equal(
        [
            new FoldedBatchNorm("bn1", "conv2", FoldDirection.IntoFollowing, "pool1 (MaxPool2d)"),
            new FoldedBatchNorm("bn2", "conv3", FoldDirection.IntoFollowing, ""),
            new FoldedBatchNorm("bn3", "fc1", FoldDirection.IntoFollowing, "pool (AdaptiveAvgPool2d), flatten (Flatten)"),
        ], result.Folded);
        Assert.Equal(0, CountOf<BatchNorm>(model));
    }

    [Fact]
    public void FoldingResNet18IsLosslessAndKeepsItsResidualStructure()
    {
        manual_seed(23);
        var model = InFloat64(Vision.ResNet18(numClasses: 10));
        RandomizeBatchNorms(model, 23);
        using var input = randn(new long[] { 1, 3, 32, 32 }, ExactType);
        using var before = Logits(model, input);

        var result = BatchNormFolder.Fold(model, input);

        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= LosslessTolerance, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        Assert.Equal(20, result.Folded.Count); // stem, 2 per block × 8, 3 downsamples
        Assert.Equal(0, CountOf<BatchNorm>(model));
        Assert.Contains(new FoldedBatchNorm("layer2.0.downsample.1", "layer2.0.downsample.0", FoldDirection.IntoPreceding, ""), result.Folded);
        Assert.NotNull(Get<Conv2d>(model, "layer1.0.conv1").bias); // a bias-free conv gains the folded shift
        // The folded model can still be pruned: its groups are found through the Identities.
        Pruner.PruneFilters(model, input, 50);
        using var pruned = Logits(model, input);
        Assert.Equal([1L, 10], pruned.shape);
    }

    [Fact]
    public void TrainingModeIsRefused()
    {
        var model = SmallCnns.VggStyle();
        model.train();
        var snapshot = Snapshot(model);
        var error = Assert.Throws<ArgumentException>(() => BatchNormFolder.Fold(model, randn(1, 1, 28, 28)));
        Assert.Equal("model", error.ParamName);
        Assert.Contains("model.eval()", error.Message);
        model.eval();
        Get<BatchNorm2d>(model, "features.4").train();
        Assert.Contains("'features.4'", Assert.Throws<ArgumentException>(() => BatchNormFolder.Fold(model, randn(1, 1, 28, 28))).Message);
        AssertUnchanged(snapshot, model);
        Assert.Equal(5, CountOf<BatchNorm>(model));
    }

    [Fact]
    public void ABatchNormWithNothingToFoldIntoIsAnErrorNamingIt()
    {
        var model = nn.Sequential(("bn", nn.BatchNorm2d(1)), ("relu", nn.ReLU()), ("conv", nn.Conv2d(1, 2, 3)), ("flatten", nn.Flatten()),
            ("fc", nn.Linear(2 * 36, 2)));
        model.eval();
        var snapshot = Snapshot(model);
        var error = Assert.Throws<UnsupportedModelException>(() => BatchNormFolder.Fold(model, randn(1, 1, 8, 8)));
        Assert.Equal("bn", error.ModuleName);
        Assert.Contains("its input comes from input", error.Message);
        Assert.Contains("relu (ReLU) is not an operation the BatchNorm commutes with", error.Message);
        AssertUnchanged(snapshot, model);
    }

    [Fact]
    public void FoldingForwardThroughMaxPoolNeedsNonNegativeScalesAndAPaddedConvCannotAbsorbTheShift()
    {
        var model = SmallCnns.PruningNet();
        RandomizeBatchNorms(model, 24, negativeGammaChannels: 2);
        model.eval();
        var snapshot = Snapshot(model);
        var error = Assert.Throws<UnsupportedModelException>(() => BatchNormFolder.Fold(model, randn(1, 1, 28, 28)));
        Assert.Equal("bn1", error.ModuleName);
        Assert.Contains("pool1 (MaxPool2d) commutes with the BatchNorm only when every scale γ/√(σ²+ε) ≥ 0, and 2 channel(s) have a negative scale", error.Message);
        AssertUnchanged(snapshot, model);

        var padded = nn.Sequential(("conv1", nn.Conv2d(1, 4, 3)), ("relu", nn.ReLU()), ("bn", nn.BatchNorm2d(4)), ("conv2", nn.Conv2d(4, 4, 3, padding: 1)));
        padded.eval();
        Assert.Contains("conv2 (Conv2d) pads its input with zeros",
            Assert.Throws<UnsupportedModelException>(() => BatchNormFolder.Fold(padded, randn(1, 1, 8, 8))).Message);
    }

    [Fact]
    public void ABatchNormHeldInAFieldOfItsOwnTypeCannotBeReplacedAndNothingChanges()
    {
        var model = new TypedBlock();
        model.eval();
        var snapshot = Snapshot(model);
        var error = Assert.Throws<UnsupportedModelException>(() => BatchNormFolder.Fold(model, randn(1, 1, 8, 8)));
        Assert.Equal("bn", error.ModuleName);
        Assert.Contains("TypedBlock.bn is declared as BatchNorm2d", error.Message);
        AssertUnchanged(snapshot, model);
    }

    [Fact]
    public void TheResultDisplaysAsTextAndHtml()
    {
        var model = SmallCnns.PruningNet();
        model.eval();
        var result = BatchNormFolder.Fold(model, randn(1, 1, 28, 28));
        Assert.StartsWith("Folded 3 BatchNorm layers; parameters 156,570 → 156,230", result.ToString());
        Assert.Contains("<td>bn1</td><td>conv2</td><td>following</td><td>pool1 (MaxPool2d)</td>", result.ToHtml());
    }


    [Fact]
    public void TheResultDisplaysThroughTheNotebookFormatterConvention()
    {
        var model = SmallCnns.VggStyle();
        model.eval();
        var bundle = FasterSharp.Tests.Display.ConventionFormatting.Bundle(BatchNormFolder.Fold(model, randn(1, 1, 28, 28)));
        Assert.Equal([FasterSharp.Display.MimeTypes.Html, FasterSharp.Display.MimeTypes.PlainText], bundle.Keys);
        Assert.Contains("<td>features.1</td><td>features.0</td><td>preceding</td>", bundle[FasterSharp.Display.MimeTypes.Html]);
    }

    /// <summary>conv → BN with the BatchNorm in a field typed BatchNorm2d: no Identity fits there.</summary>
    private sealed class TypedBlock : nn.Module<Tensor, Tensor>, IChannelFlow
    {
        private readonly Conv2d conv = nn.Conv2d(1, 4, 3);
        private readonly BatchNorm2d bn = nn.BatchNorm2d(4);

        public TypedBlock() : base(nameof(TypedBlock)) => RegisterComponents();

        public override Tensor forward(Tensor input) => bn.call(conv.call(input));

        public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input) => flow.Call(bn, flow.Call(conv, input));
    }
}
