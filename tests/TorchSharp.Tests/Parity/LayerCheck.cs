using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

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
        output.backward(new[] { c["grad_output"] });
        c.AssertClose("output", output.detach(), rtol, atol);
        c.AssertClose("grad_input", input.grad!, rtol, atol);
        if (weight is not null) c.AssertClose("grad_weight", weight.grad!, rtol, atol);
        if (bias is not null) c.AssertClose("grad_bias", bias.grad!, rtol, atol);
    }

    /// <summary>Module form: the case's weight and bias are loaded into <paramref name="module"/> with
    /// load_state_dict (other entries, e.g. buffers, keep the module's values), then as above with the
    /// gradients read from the module's parameters.</summary>
    public static void Module(ReferenceCase c, nn.Module<Tensor, Tensor> module, double rtol, double atol)
    {
        using var scope = NewDisposeScope();
        LoadParameters(c, module);
        var input = c["input"].clone().requires_grad_(true);
        var output = module.call(input);
        output.backward(new[] { c["grad_output"] });
        c.AssertClose("output", output.detach(), rtol, atol);
        c.AssertClose("grad_input", input.grad!, rtol, atol);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(new[] { "weight", "bias" }.Where(c.Contains).Order(), parameters.Keys.Order());
        foreach (var (name, parameter) in parameters)
            c.AssertClose("grad_" + name, parameter.grad!, rtol, atol);
    }

    /// <summary>Copies the case's weight and bias (those it has) into the module's parameters of the same name.</summary>
    public static void LoadParameters(ReferenceCase c, nn.Module module)
    {
        var state = new[] { "weight", "bias" }.Where(c.Contains).ToDictionary(k => k, k => c[k]);
        var (missing, unexpected) = module.load_state_dict(state, strict: false);
        Assert.Empty(unexpected);
        Assert.DoesNotContain("weight", missing);
        Assert.DoesNotContain("bias", missing);
    }
}
