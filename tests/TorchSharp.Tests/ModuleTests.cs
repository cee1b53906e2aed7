using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class ModuleTests
{
    /// <summary>A small custom module built the TorchSharp way: fields + RegisterComponents().</summary>
    private sealed class SmallNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = nn.Conv2d(1, 2, 3, padding: 1);
        private readonly BatchNorm2d bn = nn.BatchNorm2d(2);
        private readonly Sequential head = nn.Sequential(nn.Flatten(), nn.Linear(2 * 4 * 4, 3));
        private readonly Parameter scale = nn.Parameter(ones([1]));
        private readonly Tensor counter = zeros([1]);

        public SmallNet() : base(nameof(SmallNet)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var y = nn.functional.relu(bn.call(conv.call(input)));
            return head.call(y).MoveToOuterDisposeScope();
        }
    }

    private static float[] Values(Tensor t) => t.to_type(ScalarType.Float32).ReadElements<float>();

    [Fact]
    public void RegisterComponentsNamesParametersBuffersAndChildrenAfterFields()
    {
        using var net = new SmallNet();
        Assert.Equal(new[] { "conv", "bn", "head" }, net.named_children().Select(c => c.name));
        Assert.Equal(new[] { "scale", "conv.weight", "conv.bias", "bn.weight", "bn.bias", "head.1.weight", "head.1.bias" },
            net.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "counter", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked" },
            net.named_buffers().Select(b => b.name));
        Assert.Equal(new long[] { 2, 1, 3, 3 }, net.get_parameter("conv.weight")!.shape);
        Assert.True(net.has_buffer("bn.running_var"));
        Assert.Null(net.get_parameter("bn.nothing"));
        Assert.Equal(ScalarType.Int64, net.get_buffer("bn.num_batches_tracked")!.dtype);
    }

    [Fact]
    public void NamedModulesOmitsTheRootAsTorchSharpDoesAndListsChildrenBeforeGrandchildren()
    {
        using var net = new SmallNet();
        // TorchSharp differs from PyTorch here: no ("", root) entry; direct children come first.
        Assert.Equal(new[] { "conv", "bn", "head", "head.0", "head.1" }, net.named_modules().Select(m => m.name));
        Assert.DoesNotContain(net.modules(), m => ReferenceEquals(m, net));
        Assert.IsType<Linear>(net.get_submodule("head.1"));
    }

    [Fact]
    public void StateDictHoldsParametersThenPersistentBuffersAndTheModulesOwnTensors()
    {
        using var bn = nn.BatchNorm1d(3);
        bn.register_buffer("scratch", zeros([2]), persistent: false);
        var sd = bn.state_dict();
        Assert.Equal(new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" }, sd.Keys);
        Assert.Same(bn.weight, sd["weight"]);
        Assert.Contains("scratch", bn.named_buffers().Select(b => b.name));
        Assert.DoesNotContain("scratch", bn.named_buffers(include_nonpersistent: false).Select(b => b.name));
    }

    [Fact]
    public void LoadStateDictReportsMissingAndUnexpectedKeysAndStrictModeThrows()
    {
        using var a = nn.Linear(3, 2);
        using var b = nn.Linear(3, 2, hasBias: false);
        using var extra = ones([1]);
        var source = new Dictionary<string, Tensor> { ["weight"] = b.weight, ["other"] = extra };
        Assert.Throws<InvalidOperationException>(() => a.load_state_dict(source));
        var (missing, unexpected) = a.load_state_dict(source, strict: false);
        Assert.Equal(new[] { "bias" }, missing);
        Assert.Equal(new[] { "other" }, unexpected);
        Assert.Equal(Values(b.weight), Values(a.weight));
    }

    [Fact]
    public void LoadStateDictWithAWrongShapeThrowsAndCopiesNothing()
    {
        using var a = nn.Linear(3, 2);
        var before = Values(a.bias!);
        using var w = zeros([2, 3]);
        using var badBias = zeros([3]);
        var source = new Dictionary<string, Tensor> { ["weight"] = w, ["bias"] = badBias };
        var weightBefore = Values(a.weight);
        var e = Assert.Throws<ArgumentException>(() => a.load_state_dict(source));
        Assert.Contains("bias", e.Message);
        Assert.Equal(weightBefore, Values(a.weight));
        Assert.Equal(before, Values(a.bias!));
    }

    [Fact]
    public void TrainAndEvalPropagateAndChangeDropoutBehaviour()
    {
        using var seq = nn.Sequential(("drop", nn.Dropout(0.5)), ("id", nn.Identity()));
        Assert.True(seq.training);
        seq.eval();
        Assert.False(seq.training);
        Assert.All(seq.modules(), m => Assert.False(m.training));
        using var x = ones([1000]);
        using (var y = seq.call(x)) Assert.All(Values(y), v => Assert.Equal(1f, v));
        seq.train();
        using var z = seq.call(x);
        var values = Values(z);
        Assert.All(values, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(values.Count(v => v == 0f), 350, 650);
    }

    [Fact]
    public void ForwardHooksSeeAndReplaceInputAndOutputAndCanBeRemoved()
    {
        using var relu = nn.ReLU();
        var seen = new List<string>();
        var pre = relu.register_forward_pre_hook((m, input) => { seen.Add("pre"); return nn.functional.relu(input); });
        var post = relu.register_forward_hook((m, input, output) => { seen.Add("post"); return null!; });
        using var x = tensor(new float[] { -1, 2 });
        using (var y = relu.call(x)) Assert.Equal(new float[] { 0, 2 }, Values(y));
        Assert.Equal(new[] { "pre", "post" }, seen);
        // forward() bypasses hooks, call() runs them.
        using (relu.forward(x)) Assert.Equal(2, seen.Count);
        pre.remove();
        post.remove();
        using (relu.call(x)) Assert.Equal(2, seen.Count);

        var replaced = relu.register_forward_hook((m, input, output) => zeros([2]));
        using (var y = relu.call(x)) Assert.Equal(new float[] { 0, 0 }, Values(y));
        replaced.remove();
    }

    [Fact]
    public void ApplyVisitsChildrenBeforeParentsAndZeroGradDropsGradients()
    {
        using var seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1));
        var visited = new List<string>();
        seq.apply(m => visited.Add(m.GetName()));
        Assert.Equal(new[] { "Linear", "ReLU", "Linear", "Sequential" }, visited);

        using var x = ones([4, 2]);
        using (var y = seq.call(x))
        using (var loss = y.sum())
            loss.backward();
        Assert.All(seq.parameters(), p => { using var g = p.grad; Assert.NotNull(g); });
        seq.zero_grad(set_to_none: false);
        Assert.All(seq.parameters(), p => { using var g = p.grad!; Assert.All(Values(g), v => Assert.Equal(0f, v)); });
        seq.zero_grad();
        Assert.All(seq.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void ToDoubleConvertsFloatingStateInPlaceAndKeepsIntegerBuffers()
    {
        using var net = new SmallNet();
        var weight = net.get_parameter("conv.weight")!;
        var before = Values(weight);
        net.to(ScalarType.Float64);
        Assert.Same(weight, net.get_parameter("conv.weight"));
        Assert.Equal(ScalarType.Float64, weight.dtype);
        Assert.True(weight.requires_grad);
        Assert.Equal(before, Values(weight));
        Assert.Equal(ScalarType.Float64, net.get_buffer("bn.running_var")!.dtype);
        Assert.Equal(ScalarType.Int64, net.get_buffer("bn.num_batches_tracked")!.dtype);
        using var x = zeros([2, 1, 4, 4], ScalarType.Float64);
        using var y = net.call(x);
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.Throws<ArgumentException>(() => net.to(ScalarType.Int32));
    }

    [Fact]
    public void RegistrationRejectsBadNamesAndDuplicates()
    {
        using var seq = nn.Sequential();
        using var relu = nn.ReLU();
        Assert.Throws<ArgumentException>(() => seq.register_module("a.b", relu));
        Assert.Throws<ArgumentException>(() => seq.register_module("", relu));
        seq.register_module("r", relu);
        Assert.Throws<InvalidOperationException>(() => seq.register_module("r", nn.Identity()));
        Assert.Throws<InvalidOperationException>(() => relu.register_parameter("w", nn.Parameter(zeros([1]))));
        Assert.Throws<ArgumentNullException>(() => seq.register_parameter("p", null!));
    }

    [Fact]
    public void SequentialNamesChildrenByIndexOrGivenNamesAndSlices()
    {
        using var seq = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2));
        Assert.Equal(new[] { "0", "1", "2" }, seq.named_children().Select(c => c.name));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, seq.named_parameters().Select(p => p.name));
        var tail = seq[1..];
        Assert.Equal(new[] { "1", "2" }, tail.named_children().Select(c => c.name));
        using var named = nn.Sequential(("fc", nn.Linear(2, 2)), ("act", nn.ReLU()));
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, named.state_dict().Keys);
        using var x = ones([5, 4]);
        using var y = seq.call(x);
        Assert.Equal(new long[] { 5, 2 }, y.shape);
        Assert.False(x.IsInvalid);
    }

    [Fact]
    public void ModuleListRegistersItsItemsByIndex()
    {
        using var list = nn.ModuleList(nn.Linear(2, 2), nn.Linear(2, 3));
        list.Add(nn.Linear(3, 1));
        Assert.Equal(new[] { "0", "1", "2" }, list.named_children().Select(c => c.name));
        Assert.Equal(6, list.parameters().Count());
        list.RemoveAt(0);
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight", "1.bias" }, list.named_parameters().Select(p => p.name));
    }
}
