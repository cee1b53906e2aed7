using FasterSharp.Models;
using FasterSharp.Prune;
using TorchSharp.Modules;
using static FasterSharp.Tests.Prune.StructuredFixtures;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Prune;

/// <summary>The dependency groups found from module kinds, Sequential order and flow descriptions, checked
/// against a forward pass.</summary>
public class DependencyGraphTests
{
    private static string[] MembersOf(ChannelGroup group, MemberRole role) =>
        group.Members.Where(m => m.Role == role).Select(m => m.Module).ToArray();

    [Fact]
    public void VggStyleNetHasOneGroupPerLayerAndTheFirstLinearReadsNineFeaturesPerChannel()
    {
        manual_seed(1);
        var model = SmallCnns.VggStyle();
        var graph = DependencyGraph.Build(model, randn(2, 1, 28, 28));

        // input, 5 conv groups, 2 hidden Linear groups, output.
        Assert.Equal(9, graph.Groups.Count);
        Assert.Equal(7, graph.Groups.Count(g => g.IsPrunable));
        Assert.Equal("the model input's channels", graph.Groups[0].NotPrunableReason);
        Assert.Equal("input", graph.Groups[0].Name);
        Assert.Equal("the model output's features", graph.Groups[^1].NotPrunableReason);

        var last = graph.GroupProducedBy("features.14")!;
        Assert.Equal(128, last.Channels);
        Assert.Equal(["features.15"], MembersOf(last, MemberRole.BatchNorm));
        var consumer = Assert.Single(last.Members, m => m.Role == MemberRole.Consumer);
        Assert.Equal(("classifier.0", 9L), (consumer.Module, consumer.FeaturesPerChannel)); // 128 × 3 × 3 after the flatten

        var first = graph.GroupProducedBy("features.0")!;
        Assert.Equal(["features.3"], MembersOf(first, MemberRole.Consumer));
    }

    [Fact]
    public void SeedFourNetCouplesEachConvWithTheBatchNormAfterItsReluAndFc1ReadsOneFeaturePerChannel()
    {
        var model = SmallCnns.PruningNet();
        var graph = DependencyGraph.Build(model, randn(1, 1, 28, 28));
        var conv3 = graph.GroupProducedBy("conv3")!;
        Assert.Equal(["bn3"], MembersOf(conv3, MemberRole.BatchNorm));
        var fc1 = Assert.Single(conv3.Members, m => m.Role == MemberRole.Consumer);
        Assert.Equal(("fc1", 1L), (fc1.Module, fc1.FeaturesPerChannel));
    }

    [Fact]
    public void ResNet18StagesFormResidualGroupsWithAndWithoutDownsample()
    {
        manual_seed(2);
        var model = Vision.ResNet18(numClasses: 10);
        var graph = DependencyGraph.Build(model, randn(1, 3, 64, 64));

        // The stem's 64 channels run through layer1 unchanged: conv1, both blocks' conv2 (identity shortcuts).
        var stage1 = graph.GroupProducedBy("conv1")!;
        Assert.Equal(["conv1", "layer1.0.conv2", "layer1.1.conv2"], MembersOf(stage1, MemberRole.Producer).Order().ToArray());
        Assert.Equal(["bn1", "layer1.0.bn2", "layer1.1.bn2"], MembersOf(stage1, MemberRole.BatchNorm).Order().ToArray());
        Assert.Equal(["layer1.0.conv1", "layer1.1.conv1", "layer2.0.conv1", "layer2.0.downsample.0"],
            MembersOf(stage1, MemberRole.Consumer).Order().ToArray());
        Assert.Equal(2, stage1.Members.Count(m => m.Role == MemberRole.Residual));

        // layer2 starts with a downsample: its 1×1 conv produces into the same group as the blocks' conv2.
        var stage2 = graph.GroupProducedBy("layer2.0.conv2")!;
        Assert.Equal(["layer2.0.conv2", "layer2.0.downsample.0", "layer2.1.conv2"], MembersOf(stage2, MemberRole.Producer).Order().ToArray());
        Assert.Same(stage2, graph.GroupProducedBy("layer2.0.downsample.0"));

        // The last stage ends in fc after global pooling; each block's inner conv1 → conv2 is a group of its own.
        var stage4 = graph.GroupProducedBy("layer4.0.conv2")!;
        Assert.Contains(stage4.Members, m => m.Module == "fc" && m.Role == MemberRole.Consumer && m.FeaturesPerChannel == 1);
        var inner = graph.GroupProducedBy("layer3.1.conv1")!;
        Assert.Equal(["layer3.1.conv2"], MembersOf(inner, MemberRole.Consumer));
        Assert.True(inner.IsPrunable);

        // input + stem/4 stages + 8 inner groups + output
        Assert.Equal(14, graph.Groups.Count);
    }

    [Fact]
    public void ResNet50BottleneckStagesAreResidualGroupsToo()
    {
        manual_seed(3);
        var model = Vision.ResNet50(numClasses: 10);
        var graph = DependencyGraph.Build(model, randn(1, 3, 32, 32));
        var stage1 = graph.GroupProducedBy("layer1.0.conv3")!;
        Assert.Equal(["layer1.0.conv3", "layer1.0.downsample.0", "layer1.1.conv3", "layer1.2.conv3"],
            MembersOf(stage1, MemberRole.Producer).Order().ToArray());
        Assert.Equal(256, stage1.Channels);
        Assert.Equal(["layer1.0.conv2"], MembersOf(graph.GroupProducedBy("layer1.0.conv1")!, MemberRole.Consumer));
    }

    [Fact]
    public void BuildingTheGraphChangesNoWeightStatisticOrTrainingFlag()
    {
        var model = SmallCnns.VggStyle();
        model.train();
        var before = Snapshot(model);
        DependencyGraph.Build(model, randn(4, 1, 28, 28));
        AssertUnchanged(before, model);
        Assert.True(model.training);
        Assert.All(model.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void AModuleThatConcatenatesIsAClearErrorNamingIt()
    {
        var model = nn.Sequential(("stem", nn.Conv2d(1, 4, 3)), ("cat", new ConcatBlock()), ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 2)));
        var error = Assert.Throws<UnsupportedModelException>(() => DependencyGraph.Build(model, randn(1, 1, 8, 8)));
        Assert.Equal("cat", error.ModuleName);
        Assert.Contains("ConcatBlock has submodules but no flow description", error.Message);
    }

    [Fact]
    public void ACustomModuleDescribesItselfThroughIChannelFlow()
    {
        var model = nn.Sequential(("stem", nn.Conv2d(1, 6, 3, padding: 1)), ("block", new FunctionalResidualBlock(6)),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(6, 2)));
        var graph = DependencyGraph.Build(model, randn(1, 1, 8, 8));
        var group = graph.GroupProducedBy("stem")!;
        Assert.Equal(["block.conv", "stem"], MembersOf(group, MemberRole.Producer).Order().ToArray());
        Assert.Equal(["block.conv", "fc"], MembersOf(group, MemberRole.Consumer).Order().ToArray());
        Assert.Contains(group.Members, m => m.Module == "block (add)");
    }

    [Fact]
    public void ADescriptionThatLeavesOutAModuleIsAnErrorNamingTheModule()
    {
        var model = nn.Sequential(("stem", nn.Conv2d(1, 6, 3, padding: 1)), ("block", new FunctionalResidualBlock(6, describeConv: false)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(6 * 64, 2)));
        var error = Assert.Throws<UnsupportedModelException>(() => DependencyGraph.Build(model, randn(1, 1, 8, 8)));
        Assert.Equal("block.conv", error.ModuleName);
        Assert.Contains("ran 1 time(s) in the forward pass but the flow description includes 0", error.Message);
    }

    [Fact]
    public void AnUnknownLayerKindIsAnErrorNamingIt()
    {
        var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("act", nn.PReLU(4)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4 * 36, 2)));
        var error = Assert.Throws<UnsupportedModelException>(() => DependencyGraph.Build(model, randn(1, 1, 8, 8)));
        Assert.Equal("act", error.ModuleName);
        Assert.Contains("PReLU is not a layer kind", error.Message);
    }

    [Fact]
    public void SharedWeightsAreAnErrorNamingTheLayer()
    {
        var model = new SharedConv();
        var error = Assert.Throws<UnsupportedModelException>(() => DependencyGraph.Build(model, randn(1, 4, 8, 8)));
        Assert.Equal("conv", error.ModuleName);
        Assert.Contains("runs 2 times in one forward pass", error.Message);
    }

    [Fact]
    public void ASampleOfTheWrongShapeIsAnArgumentErrorCarryingTheModelsMessage()
    {
        var model = SmallCnns.VggStyle();
        var error = Assert.Throws<ArgumentException>(() => DependencyGraph.Build(model, randn(1, 3, 28, 28)));
        Assert.Equal("sampleInput", error.ParamName);
        Assert.Contains("[1, 3, 28, 28]", error.Message);
        Assert.Throws<ArgumentException>(() => DependencyGraph.Build(model, ones(new long[] { 1, 1, 28, 28 }, ScalarType.Int64)));
    }


    [Fact]
    public void GraphAndPruneResultDisplayThroughTheNotebookFormatterConvention()
    {
        var model = SmallCnns.ResidualNet();
        var graph = FasterSharp.Tests.Display.ConventionFormatting.Bundle(DependencyGraph.Build(model, randn(1, 1, 28, 28)));
        Assert.StartsWith("<table", graph[FasterSharp.Display.MimeTypes.Html]);
        Assert.Contains("<td>stem.0</td><td>32</td><td>yes</td>", graph[FasterSharp.Display.MimeTypes.Html]);
        Assert.StartsWith("Dependency groups: 8 (6 prunable)", graph[FasterSharp.Display.MimeTypes.PlainText]);
        var result = FasterSharp.Tests.Display.ConventionFormatting.Bundle(Pruner.PruneFilters(model, randn(1, 1, 28, 28), 50));
        Assert.Contains("<caption>Pruner pruned 50% of the filters", result[FasterSharp.Display.MimeTypes.Html]);
    }

    /// <summary>Concatenates two branches along the channels: a topology the tools refuse.</summary>
    private sealed class ConcatBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d left = nn.Conv2d(4, 4, 1);
        private readonly Conv2d right = nn.Conv2d(4, 4, 1);

        public ConcatBlock() : base(nameof(ConcatBlock)) => RegisterComponents();

        public override Tensor forward(Tensor input) => cat([left.call(input), right.call(input)], 1);
    }

    /// <summary>x + conv(relu(x)) with a functional ReLU, described through IChannelFlow.</summary>
    private sealed class FunctionalResidualBlock : nn.Module<Tensor, Tensor>, IChannelFlow
    {
        private readonly Conv2d conv;
        private readonly bool _describeConv;

        public FunctionalResidualBlock(long channels, bool describeConv = true) : base(nameof(FunctionalResidualBlock))
        {
            conv = nn.Conv2d(channels, channels, 3, padding: 1);
            _describeConv = describeConv;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input + conv.call(nn.functional.relu(input));

        public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input)
        {
            var x = flow.Elementwise(input, "relu", preservesZero: true);
            return _describeConv ? flow.Add(input, flow.Call(conv, x)) : x;
        }
    }

    /// <summary>Applies the same convolution twice.</summary>
    private sealed class SharedConv : nn.Module<Tensor, Tensor>, IChannelFlow
    {
        private readonly Conv2d conv = nn.Conv2d(4, 4, 3, padding: 1);

        public SharedConv() : base(nameof(SharedConv)) => RegisterComponents();

        public override Tensor forward(Tensor input) => conv.call(conv.call(input));

        public FlowValue DescribeFlow(FlowBuilder flow, FlowValue input) => flow.Call(conv, flow.Call(conv, input));
    }
}
