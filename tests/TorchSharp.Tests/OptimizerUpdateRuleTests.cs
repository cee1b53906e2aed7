using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.Tests.OptimizerTestData;

namespace TorchSharp.Tests;

public class OptimizerUpdateRuleTests
{
    [Fact]
    public void SgdWithMomentumDampeningAndWeightDecayFollowsPyTorchFormula()
    {
        using var p = Param(1f, -2f);
        using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.9, dampening: 0.5, weight_decay: 0.01);
        // step 1: d = g + wd·p; buf = d; p -= lr·buf
        SetGrad(p, 0.5f, 0.25f);
        opt.step();
        double[] p0 = { 1, -2 }, g = { 0.5, 0.25 };
        var d1 = new[] { g[0] + 0.01 * p0[0], g[1] + 0.01 * p0[1] };
        var p1 = new[] { p0[0] - 0.1 * d1[0], p0[1] - 0.1 * d1[1] };
        AssertClose(p1, Values(p));
        // step 2: buf = 0.9·buf + (1 − 0.5)·d
        SetGrad(p, -1f, 2f);
        opt.step();
        double[] g2 = { -1, 2 };
        var d2 = new[] { g2[0] + 0.01 * p1[0], g2[1] + 0.01 * p1[1] };
        var buf2 = new[] { 0.9 * d1[0] + 0.5 * d2[0], 0.9 * d1[1] + 0.5 * d2[1] };
        AssertClose(new[] { p1[0] - 0.1 * buf2[0], p1[1] - 0.1 * buf2[1] }, Values(p));
        var state = (Modules.SGD.State)opt.state_dict().State[0];
        AssertClose(buf2, Values(state.momentum_buffer!));
    }

    [Fact]
    public void SgdNesterovAndMaximizeFollowPyTorchFormula()
    {
        using var p = Param(1f);
        using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.5, nesterov: true, maximize: true);
        SetGrad(p, 2f);
        opt.step();
        // d = −g = −2; buf = −2; d = d + 0.5·buf = −3; p = 1 − 0.1·(−3)
        AssertClose(new[] { 1.3 }, Values(p));
        SetGrad(p, 2f);
        opt.step();
        // buf = 0.5·(−2) + (−2) = −3; d = −2 + 0.5·(−3) = −3.5
        AssertClose(new[] { 1.3 + 0.35 }, Values(p));
    }

    [Fact]
    public void AdamTwoStepsWithL2WeightDecayMatchHandComputation()
    {
        using var p = Param(0.5f, -1f);
        using var opt = optim.Adam(new[] { p }, lr: 0.01, beta1: 0.8, beta2: 0.9, eps: 1e-3, weight_decay: 0.1);
        double[] x = { 0.5, -1 };
        double[] m = { 0, 0 }, v = { 0, 0 };
        var grads = new[] { new[] { 0.2, -0.4 }, new[] { -0.6, 0.1 } };
        for (var t = 1; t <= 2; t++)
        {
            SetGrad(p, grads[t - 1].Select(d => (float)d).ToArray());
            opt.step();
            for (var i = 0; i < 2; i++)
            {
                var g = grads[t - 1][i] + 0.1 * x[i];
                m[i] = 0.8 * m[i] + 0.2 * g;
                v[i] = 0.9 * v[i] + 0.1 * g * g;
                var denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(0.9, t)) + 1e-3;
                x[i] -= 0.01 / (1 - Math.Pow(0.8, t)) * m[i] / denom;
            }
            AssertClose(x, Values(p), 1e-5);
        }
        var state = (Modules.Adam.State)opt.state_dict().State[0];
        Assert.Equal(2, state.step);
        AssertClose(m, Values(state.exp_avg!), 1e-5);
        AssertClose(v, Values(state.exp_avg_sq!), 1e-5);
    }

    [Fact]
    public void AdamWDecaysWeightsDecoupledFromGradient()
    {
        using var p = Param(2f);
        using var opt = optim.AdamW(new[] { p }, lr: 0.1, weight_decay: 0.5);
        SetGrad(p, 0f);
        opt.step();
        // zero gradient: the Adam part is 0/(0 + eps) = 0, only p *= 1 − lr·wd remains
        AssertClose(new[] { 2 * (1 - 0.05) }, Values(p));
        SetGrad(p, 1f);
        opt.step();
        // p = 1.9·0.95; m = 0.1, v = 0.001; m̂ = 0.1/(1 − 0.81), v̂ = 0.001/(1 − 0.998001)
        var m = 0.1 / (1 - 0.81);
        var v = Math.Sqrt(0.001) / Math.Sqrt(1 - 0.998001) + 1e-8;
        AssertClose(new[] { 1.9 * 0.95 - 0.1 * m / v }, Values(p), 1e-5);
    }

    [Fact]
    public void AdamAmsgradUsesRunningMaximumOfSecondMoment()
    {
        using var p = Param(0f);
        using var opt = optim.Adam(new[] { p }, lr: 0.1, beta1: 0, beta2: 0.5, eps: 0, amsgrad: true);
        SetGrad(p, 2f);
        opt.step(); // v = 2, max = 2; p = −0.1·2/(√2/√0.5) = −0.1
        AssertClose(new[] { -0.1 }, Values(p));
        SetGrad(p, 0.5f);
        opt.step(); // v = 1.125 but max stays 2; p −= 0.1·0.5/(√2/√0.75)
        AssertClose(new[] { -0.1 - 0.05 / (Math.Sqrt(2) / Math.Sqrt(0.75)) }, Values(p));
        var state = (Modules.Adam.State)opt.state_dict().State[0];
        AssertClose(new[] { 2.0 }, Values(state.max_exp_avg_sq!));
    }

    [Fact]
    public void ParametersWithoutGradientAreLeftAlone()
    {
        using var a = Param(1f);
        using var b = Param(1f);
        using var opt = optim.Adam(new[] { a, b }, lr: 0.1);
        SetGrad(a, 1f);
        opt.step();
        Assert.Equal(1f, Values(b)[0]);
        Assert.NotEqual(1f, Values(a)[0]);
        Assert.Equal(0, ((Modules.Adam.State)opt.state_dict().State[1]).step);
    }

    [Fact]
    public void ParamGroupsUseTheirOwnLearningRates()
    {
        using var a = Param(1f);
        using var b = Param(1f);
        using var opt = optim.SGD(new[]
        {
            new Modules.SGD.ParamGroup(new[] { a }, lr: 0.5),
            new Modules.SGD.ParamGroup(new[] { b }, new Modules.SGD.Options()),
        }, 0.1);
        SetGrad(a, 1f);
        SetGrad(b, 1f);
        opt.step();
        Assert.Equal(0.5f, Values(a)[0], 6);
        Assert.Equal(0.9f, Values(b)[0], 6);
        Assert.Equal(new[] { 0.5, 0.1 }, opt.ParamGroups.Select(g => g.LearningRate));
        opt.ParamGroups.Last().LearningRate = 0.2;
        opt.step();
        Assert.Equal(0.7f, Values(b)[0], 6);
    }

    [Fact]
    public void ZeroGradZeroesEveryGradientInPlace()
    {
        using var a = Param(1f, 2f);
        using var b = Param(3f);
        using var opt = optim.SGD(new[] { a, b }, 0.1);
        SetGrad(a, 4f, 5f);
        opt.zero_grad();
        using var g = a.grad!;
        Assert.Equal(new[] { 0f, 0f }, Values(g));
        Assert.Null(b.grad);
    }

    [Fact]
    public void ClosureRunsWithGradientsAndItsLossIsReturned()
    {
        using var p = Param(3f);
        using var opt = optim.SGD(new[] { p }, 0.1);
        using var loss = opt.step(() =>
        {
            opt.zero_grad();
            var l = (p + p).sum();
            l.backward();
            return l;
        })!;
        Assert.Equal(6f, loss.item<float>());
        Assert.Equal(3f - 0.2f, Values(p)[0], 6);
    }
}
