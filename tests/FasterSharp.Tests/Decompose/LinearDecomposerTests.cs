using FasterSharp.Decompose;
using FasterSharp.Models;
using FasterSharp.Prune;
using FasterSharp.Tests.Reference;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Decompose;

/// <summary>Truncated SVD of Linear layers: k as asked, the best rank-k approximation (Eckart–Young, and PyTorch's
/// own SVD as oracle), k(m+n) parameters, and a warning when that is no saving.</summary>
public class LinearDecomposerTests
{
    private static readonly Lazy<string> Fixtures = new(() => ReferenceScript.Run("make_structured_fixtures.py", TimeSpan.FromMinutes(2)));

    private static Sequential Classifier(long inFeatures = 30, long outFeatures = 40) =>
        nn.Sequential(("fc", nn.Linear(inFeatures, outFeatures)), ("relu", nn.ReLU()), ("out", nn.Linear(outFeatures, 3)));

    private static (Tensor Reduce, Tensor Expand) Factors(nn.Module model, string name)
    {
        var pair = Get<Sequential>(model, name);
        return (((Linear)pair[0]).weight, ((Linear)pair[1]).weight);
    }

    [Fact]
    public void TheProductOfTheFactorsIsPyTorchsRankKApproximation()
    {
        var io = ReferenceFile.Load(Path.Combine(Fixtures.Value, "svd.dat"));
        var model = Classifier();
        using (no_grad())
        {
            Get<Linear>(model, "fc").weight.copy_(io["weight"]);
            Get<Linear>(model, "fc").bias!.copy_(io["bias"]);
        }
        LinearDecomposer.Decompose(model, RankSelection.Rank(10), ["fc"]);
        var (reduce, expand) = Factors(model, "fc");
        Assert.Equal([10L, 30], reduce.shape);
        Assert.Equal([40L, 10], expand.shape);
        using var product = expand.matmul(reduce).detach();
        // float32 factors of a float64 SVD: |ours − PyTorch| ≤ 1e-5·|PyTorch| + 1e-5.
        ReferenceAssert.Close(io["approx_weight"], product, 1e-5, 1e-5, "U_k Σ_k V_kᵀ");
        using var output = Get<Sequential>(model, "fc").call(io["input"]).detach();
        ReferenceAssert.Close(io["output"], output, 1e-5, 1e-4, "factorized layer output");
        Assert.Null(((Linear)Get<Sequential>(model, "fc")[0]).bias);
    }

    [Fact]
    public void TheErrorIsTheEnergyOfTheDroppedSingularValues()
    {
        manual_seed(31);
        var model = InFloat64(Classifier(64, 48));
        var weight = Get<Linear>(model, "fc").weight.detach().clone();
        var singular = linalg.svdvals(weight).data<double>().ToArray();
        var result = LinearDecomposer.Decompose(model, RankSelection.PercentRemoved(0.75), ["fc"]);
        var k = (int)result.Layers[0].K;
        Assert.Equal(12, k); // ⌊0.25 · 48⌋
        var (reduce, expand) = Factors(model, "fc");
        using var error = (weight - expand.matmul(reduce)).detach();
        var squaredError = error.square().sum().item<double>();
        var dropped = singular.Skip(k).Sum(s => s * s);
        Assert.Equal(dropped, squaredError, dropped * 1e-9);
        Assert.Equal(1 - dropped / singular.Sum(s => s * s), result.Layers[0].EnergyKept, 1e-12);
    }

    [Fact]
    public void KeepingEverySingularValueReproducesTheModel()
    {
        manual_seed(32);
        var model = InFloat64(SmallCnns.VggStyle());
        using var input = randn(new long[] { 3, 1, 28, 28 }, ExactType);
        using var before = Logits(model, input);
        var result = LinearDecomposer.Decompose(model, RankSelection.PercentRemoved(0));
        using var after = Logits(model, input);
        Assert.True(MaxAbsDiff(before, after) <= 1e-9, $"max |Δlogit| {MaxAbsDiff(before, after):G3}");
        Assert.Equal(["classifier.0", "classifier.3", "classifier.6"], result.Layers.Select(l => l.Layer));
        Assert.Equal([512L, 256, 10], result.Layers.Select(l => l.K));
    }

    [Fact]
    public void TheEnergyThresholdPicksTheSmallestSufficientK()
    {
        var model = Classifier(6, 4);
        using (no_grad())
        {
            // Singular values 4, 2, 1, 1 (squares 16, 4, 1, 1 of 22).
            var w = zeros(4, 6);
            w[0, 0] = 4; w[1, 1] = 2; w[2, 2] = 1; w[3, 3] = 1;
            Get<Linear>(model, "fc").weight.copy_(w);
        }
        Assert.Equal(2, LinearDecomposer.Decompose(Clone(model), RankSelection.Energy(20.0 / 22), ["fc"]).Layers[0].K);
        Assert.Equal(3, LinearDecomposer.Decompose(Clone(model), RankSelection.Energy(20.5 / 22), ["fc"]).Layers[0].K);
        Assert.Equal(1, LinearDecomposer.Decompose(Clone(model), RankSelection.Energy(0.5), ["fc"]).Layers[0].K);
        Assert.Equal(4, LinearDecomposer.Decompose(Clone(model), RankSelection.Energy(1), ["fc"]).Layers[0].K);

        static Sequential Clone(Sequential source)
        {
            var copy = Classifier(6, 4);
            copy.load_state_dict(source.state_dict());
            return copy;
        }
    }

    [Fact]
    public void ParametersAreKTimesMPlusNPlusTheBiasAndTheModelShrinks()
    {
        var model = SmallCnns.VggStyle();
        var before = Pruner.CountParameters(model);
        var result = LinearDecomposer.Decompose(model, RankSelection.PercentRemoved(0.5), ["classifier.0"]);
        var layer = Assert.Single(result.Layers);
        Assert.Equal((1152L, 512L, 512L, 256L), (layer.InFeatures, layer.OutFeatures, layer.SingularValues, layer.K));
        Assert.Equal(512 * 1152 + 512, layer.ParametersBefore);
        Assert.Equal(256 * (512 + 1152) + 512, layer.ParametersAfter);
        Assert.True(layer.Saves);
        Assert.Empty(result.Warnings);
        Assert.Equal(before - layer.ParametersBefore + layer.ParametersAfter, Pruner.CountParameters(model));
        Assert.Contains("classifier.0.0.weight", model.state_dict().Keys);
        Assert.Contains("classifier.0.1.bias", model.state_dict().Keys);
    }

    [Fact]
    public void AKWithoutSavingIsDecomposedWithAWarningInTheResultAndOnStandardError()
    {
        var model = SmallCnns.VggStyle();
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        DecompositionResult result;
        try
        {
            // classifier.3 is 256×512: mn/(m+n) = 170.67, so k = 200 saves nothing; classifier.0 (512×1152) still saves.
            result = LinearDecomposer.Decompose(model, RankSelection.Rank(200), ["classifier.0", "classifier.3"]);
        }
        finally
        {
            Console.SetError(previous);
        }
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("layer 'classifier.3': k = 200 ≥ mn/(m+n) = 170.67", warning);
        Assert.Contains("153,856 parameters against 131,328; no saving", warning);
        Assert.Equal("warning: " + warning + Environment.NewLine, error.ToString());
        Assert.False(result.Layers.Single(l => l.Layer == "classifier.3").Saves);
        Assert.Contains("no (k ≥ mn/(m+n))", result.ToString());
        Assert.Equal(200, ((Linear)Get<Sequential>(model, "classifier.3")[0]).out_features);
    }

    [Fact]
    public void BadArgumentsThrowBeforeAnythingChanges()
    {
        var model = SmallCnns.VggStyle();
        var snapshot = Snapshot(model);
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => RankSelection.PercentRemoved(1)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => RankSelection.Energy(0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => RankSelection.Rank(0)).ParamName);
        var unknown = Assert.Throws<ArgumentException>(() => LinearDecomposer.Decompose(model, RankSelection.Rank(4), ["classifier.1"]));
        Assert.Equal("layers", unknown.ParamName);
        Assert.Contains("its Linear layers are classifier.0, classifier.3, classifier.6", unknown.Message);
        // k = 300 fits classifier.0 (512 singular values) but not classifier.3 (256): nothing is replaced.
        var tooLarge = Assert.Throws<ArgumentException>(() => LinearDecomposer.Decompose(model, RankSelection.Rank(300)));
        Assert.Contains("k = 300 exceeds the 256 singular values of layer 'classifier.3'", tooLarge.Message);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => LinearDecomposer.Decompose(nn.Sequential(nn.ReLU()), RankSelection.Rank(1))).ParamName);
        AssertUnchanged(snapshot, model);
        Assert.IsType<Linear>(Get<Sequential>(model, "classifier")[0]);
    }

    [Fact]
    public void ALinearHeldInAFieldOfItsOwnTypeIsAClearError()
    {
        var model = new TypedHead();
        var error = Assert.Throws<UnsupportedModelException>(() => LinearDecomposer.Decompose(model, RankSelection.Rank(2)));
        Assert.Equal("fc", error.ModuleName);
        Assert.Contains("TypedHead.fc is declared as Linear", error.Message);
        // Our ResNet holds fc as Module<Tensor, Tensor>, so it can be decomposed.
        var resnet = Vision.ResNet18(numClasses: 10);
        Assert.Equal(5, LinearDecomposer.Decompose(resnet, RankSelection.Rank(5)).Layers[0].K);
        using var logits = Logits(resnet, randn(1, 3, 32, 32));
        Assert.Equal([1L, 10], logits.shape);
    }


    [Fact]
    public void TheResultDisplaysThroughTheNotebookFormatterConvention()
    {
        var result = LinearDecomposer.Decompose(SmallCnns.VggStyle(), RankSelection.Energy(0.5), ["classifier.3"]);
        var bundle = FasterSharp.Tests.Display.ConventionFormatting.Bundle(result);
        Assert.StartsWith("<table", bundle[FasterSharp.Display.MimeTypes.Html]);
        Assert.Contains("<caption>SVD of 1 Linear layer (50% of the energy kept)", bundle[FasterSharp.Display.MimeTypes.Html]);
        Assert.Equal(result.ToString(), bundle[FasterSharp.Display.MimeTypes.PlainText]);
    }

    private sealed class TypedHead : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc = nn.Linear(8, 4);

        public TypedHead() : base(nameof(TypedHead)) => RegisterComponents();

        public override Tensor forward(Tensor input) => fc.call(input);
    }
}
