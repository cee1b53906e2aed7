using FasterSharp.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Stack;

/// <summary>Runs a layer on leaf copies of a reference case's input (and weight/bias), back-propagates the
/// case's grad_output and compares the output and every gradient with PyTorch's.</summary>
internal static class LayerCheck
{
    /// <summary>Functional form: <paramref name="forward"/> gets the input, the weight and the bias (null
    /// when the case has none).</summary>
    public static void Functional(ReferenceCase c, Func<Tensor, Tensor?, Tensor?, Tensor> forward, double rtol, double atol)
    {
        using var scope = NewDisposeScope();
        var input = c["input"].clone().requires_grad_(true);
        var weight = c.Contains("weight") ? c["weight"].clone().requires_grad_(true) : null;
        var bias = c.Contains("bias") ? c["bias"].clone().requires_grad_(true) : null;
        var output = forward(input, weight, bias);
        output.backward([c["grad_output"]]);
        c.AssertClose("output", output.detach(), rtol, atol);
        c.AssertClose("grad_input", input.grad!, rtol, atol);
        if (weight is not null) c.AssertClose("grad_weight", weight.grad!, rtol, atol);
        if (bias is not null) c.AssertClose("grad_bias", bias.grad!, rtol, atol);
    }

    /// <summary>Module form: the case's weight and bias are loaded into <paramref name="module"/> with
    /// load_state_dict (buffers keep the module's values), then as above with the gradients read from the
    /// module's parameters, which must be exactly the case's weight and bias.</summary>
    public static void Module(ReferenceCase c, nn.Module<Tensor, Tensor> module, double rtol, double atol)
    {
        using var scope = NewDisposeScope();
        var state = new[] { "weight", "bias" }.Where(c.Contains).ToDictionary(k => k, k => c[k]);
        var (missing, unexpected) = module.load_state_dict(state, strict: false);
        Assert.Empty(unexpected);
        Assert.DoesNotContain("weight", missing);
        Assert.DoesNotContain("bias", missing);
        var input = c["input"].clone().requires_grad_(true);
        var output = module.call(input);
        output.backward([c["grad_output"]]);
        c.AssertClose("output", output.detach(), rtol, atol);
        c.AssertClose("grad_input", input.grad!, rtol, atol);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(state.Keys.Order(), parameters.Keys.Order());
        foreach (var (name, parameter) in parameters)
            c.AssertClose("grad_" + name, parameter.grad!, rtol, atol);
    }
}
