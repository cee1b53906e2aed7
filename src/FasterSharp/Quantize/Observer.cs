using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>Watches the values a tensor takes over batches and turns their range into per-tensor
/// <see cref="QuantParams"/> (PyTorch's <c>torch.ao.quantization</c> observers). An observer is a prototype as
/// well: calibration and <see cref="QuantizeCallback"/> give each layer a fresh one through <see cref="CreateLike"/>.</summary>
public abstract class Observer
{
    /// <summary>Creates an observer.</summary>
    /// <exception cref="ArgumentNullException">A null scheme.</exception>
    protected Observer(QuantScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        Scheme = scheme;
    }

    /// <summary>The integer type and mapping the parameters are computed for.</summary>
    public QuantScheme Scheme { get; }

    /// <summary>A short name with the settings, e.g. "moving-average min-max (0.01)".</summary>
    public abstract string Name { get; }

    /// <summary>How many tensors were observed.</summary>
    public int Count { get; private set; }

    /// <summary>The current lower end of the range (+∞ before the first tensor).</summary>
    public float Min { get; protected set; } = float.PositiveInfinity;

    /// <summary>The current upper end of the range (−∞ before the first tensor).</summary>
    public float Max { get; protected set; } = float.NegativeInfinity;

    /// <summary>Records one tensor's values (under no_grad; the tensor is not changed).</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    /// <exception cref="ArgumentException">An empty tensor, one that is not floating point, or one holding NaN or ∞
    /// (the observer is left unchanged).</exception>
    public void Observe(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!values.is_floating_point()) throw new ArgumentException($"a {values.dtype} tensor has no float range", nameof(values));
        if (values.numel() == 0) throw new ArgumentException("the tensor is empty", nameof(values));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = values.detach().flatten().to_type(ScalarType.Float32);
        var batchMin = flat.min().cpu().item<float>();
        var batchMax = flat.max().cpu().item<float>();
        if (!float.IsFinite(batchMin) || !float.IsFinite(batchMax))
            throw new ArgumentException("the tensor holds NaN or ∞", nameof(values));
        Update(flat, batchMin, batchMax, Count);
        Count++;
    }

    /// <summary>The parameters for the range seen so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed yet.</exception>
    public QuantParams ComputeParams()
    {
        if (Count == 0) throw new InvalidOperationException($"the {Name} observer has seen no values yet");
        return QuantParams.FromRange(Min, Max, Scheme);
    }

    /// <summary>Forgets everything observed.</summary>
    public void Reset()
    {
        Count = 0;
        Min = float.PositiveInfinity;
        Max = float.NegativeInfinity;
        ResetState();
    }

    /// <summary>Starts from a known range, as if one tensor with that range had been observed (QAT from calibrated ranges).</summary>
    internal void Seed(float min, float max)
    {
        QParamMath.CheckRange(min, max, "initial range");
        Reset();
        (Min, Max) = (min, max);
        SeedState(min, max);
        Count = 1;
    }

    /// <summary>Sets state kept beyond <see cref="Min"/> and <see cref="Max"/> to match a range given by <see cref="Seed"/>.</summary>
    private protected virtual void SeedState(float min, float max) { }

    /// <summary>A new observer with the same settings and nothing observed.</summary>
    public abstract Observer CreateLike();

    /// <summary>Updates <see cref="Min"/> and <see cref="Max"/> with one tensor.</summary>
    /// <param name="values">The values, flattened, float32, finite.</param>
    /// <param name="batchMin">Their minimum.</param>
    /// <param name="batchMax">Their maximum.</param>
    /// <param name="previousCount">How many tensors were observed before this one.</param>
    protected abstract void Update(Tensor values, float batchMin, float batchMax, int previousCount);

    /// <summary>Clears state kept beyond <see cref="Min"/> and <see cref="Max"/>.</summary>
    protected virtual void ResetState() { }

    /// <inheritdoc />
    public override string ToString() => $"{Name}, {Scheme}";
}
