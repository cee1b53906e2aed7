using System.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.Tests.OptimizerTestData;

namespace TorchSharp.Tests;

public class OptimizerValidationAndStateTests
{
    [Fact]
    public void InvalidOptionsAreRejectedWithTheParameterName()
    {
        using var p = Param(1f);
        var ps = new[] { p };
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD(ps, -0.1)).ParamName);
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(ps, lr: double.NaN)).ParamName);
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(ps, beta1: 1.0)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => optim.AdamW(ps, beta2: -0.1)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(ps, eps: -1e-8)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD(ps, 0.1, momentum: -1)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => optim.SGD(ps, 0.1, nesterov: true)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => optim.SGD(ps, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)).ParamName);
        Assert.Throws<ArgumentException>(() => optim.SGD(Array.Empty<Parameter>(), 0.1));
        Assert.Throws<ArgumentException>(() => optim.Adam(new[] { p, p }));
        Assert.Throws<ArgumentException>(() => optim.SGD(new[] { new Modules.SGD.ParamGroup(ps, lr: 0.1), new Modules.SGD.ParamGroup(ps, lr: 0.2) }, 0.1));
    }

    [Fact]
    public void RejectedParamGroupLeavesTheOptimizerUnchanged()
    {
        using var a = Param(1f);
        using var b = Param(2f);
        using var opt = optim.SGD(new[] { a }, 0.1);
        var options = new Modules.SGD.Options { LearningRate = -1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.add_param_group(new Modules.SGD.ParamGroup(new[] { b }, options)));
        Assert.Throws<ArgumentException>(() => opt.add_param_group(new Modules.SGD.ParamGroup(new[] { b, a }, lr: 0.1)));
        Assert.Throws<ArgumentException>(() => opt.add_param_group(new Modules.Adam.ParamGroup(new[] { b })));
        Assert.Single(opt.ParamGroups);
        Assert.Single(opt.parameters());
        Assert.Null(options.momentum);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.ParamGroups.Single().LearningRate = double.NaN);
        Assert.Equal(0.1, opt.ParamGroups.Single().LearningRate);

        opt.add_param_group(new Modules.SGD.ParamGroup(new[] { b }, new Modules.SGD.Options { momentum = 0.5 }));
        var added = (Modules.SGD.ParamGroup)opt.ParamGroups.Last();
        Assert.Equal((0.1, 0.5), (added.LearningRate, added.Momentum));
    }

    [Fact]
    public void SavedStateRestoresAdamSoTrainingContinuesIdentically()
    {
        using var p = Param(0.3f, -0.7f);
        using var q = Param(0.3f, -0.7f);
        using var opt = optim.Adam(new[] { p }, lr: 0.05, amsgrad: true);
        using var copy = optim.Adam(new[] { q }, lr: 0.05, amsgrad: true);
        SetGrad(p, 0.5f, -0.25f);
        SetGrad(q, 0.5f, -0.25f);
        opt.step();
        opt.step();
        copy.step();
        copy.step();
        var stream = new MemoryStream();
        opt.save_state_dict(new BinaryWriter(stream));
        var checkpoint = Values(p);

        opt.ParamGroups.Single().LearningRate = 0.5;
        opt.step();
        stream.Position = 0;
        opt.load_state_dict(new BinaryReader(stream));
        p.WriteElements<float>(checkpoint);
        Assert.Equal(0.05, opt.ParamGroups.Single().LearningRate);
        Assert.True(opt.state_dict().State[0].ApproximatelyEquals(copy.state_dict().State[0]));
        opt.step();
        copy.step();
        Assert.Equal(Values(q), Values(p));
    }

    [Fact]
    public void StateDictionaryLoadsIntoAnotherOptimizerByCopy()
    {
        using var p = Param(1f);
        using var q = Param(1f);
        using var source = optim.SGD(new[] { p }, 0.1, momentum: 0.9);
        using var target = optim.SGD(new[] { q }, 0.3, momentum: 0.1);
        SetGrad(p, 1f);
        source.step();
        target.load_state_dict(source.state_dict());
        Assert.Equal(0.1, target.ParamGroups.Single().LearningRate);
        Assert.Equal(0.9, ((Modules.SGD.ParamGroup)target.ParamGroups.Single()).Momentum);
        var sourceBuffer = ((Modules.SGD.State)source.state_dict().State[0]).momentum_buffer!;
        var targetBuffer = ((Modules.SGD.State)target.state_dict().State[0]).momentum_buffer!;
        Assert.False(sourceBuffer.is_same(targetBuffer));
        Assert.Equal(Values(sourceBuffer), Values(targetBuffer));
    }

    [Fact]
    public void MismatchedStateIsRejectedAndLeavesTheOptimizerUnchanged()
    {
        using var p = Param(1f, 2f);
        using var q = Param(1f);
        using var small = optim.Adam(new[] { q }, lr: 0.2);
        using var opt = optim.Adam(new[] { p }, lr: 0.1);
        SetGrad(q, 1f);
        small.step();
        Assert.Throws<ArgumentException>(() => opt.load_state_dict(small.state_dict()));
        var stream = new MemoryStream();
        small.save_state_dict(new BinaryWriter(stream));
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => opt.load_state_dict(new BinaryReader(stream)));
        var truncated = new MemoryStream(stream.ToArray()[..^3]);
        Assert.Throws<InvalidDataException>(() => small.load_state_dict(new BinaryReader(truncated)));
        Assert.Equal(0.1, opt.ParamGroups.Single().LearningRate);
        Assert.Equal(0, ((Modules.Adam.State)opt.state_dict().State[0]).step);
        Assert.Equal(1, ((Modules.Adam.State)small.state_dict().State[0]).step);
        using var sgd = optim.SGD(new[] { q }, 0.1);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => sgd.load_state_dict(new BinaryReader(stream)));
    }

    [Fact]
    public void FactoryDefaultsFollowTorchSharp()
    {
        using var p = Param(1f);
        using var adam = optim.Adam(new[] { p });
        using var adamw = optim.AdamW(new[] { p });
        var a = (Modules.Adam.Options)adam.state_dict().Options[0];
        var w = (Modules.AdamW.Options)adamw.state_dict().Options[0];
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (a.LearningRate!.Value, a.beta1!.Value, a.beta2!.Value, a.eps!.Value, a.weight_decay!.Value));
        // TorchSharp's AdamW defaults weight_decay to 0 (PyTorch: 0.01); we follow TorchSharp.
        Assert.Equal(0.0, w.weight_decay);
    }
}
