using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>The range is the smallest and largest value ever seen (PyTorch's MinMaxObserver).</summary>
public sealed class MinMaxObserver : Observer
{
    /// <summary>Creates the observer; by default for uint8 affine activations.</summary>
    public MinMaxObserver(QuantScheme? scheme = null) : base(scheme ?? QuantScheme.UInt8Affine) { }

    /// <inheritdoc />
    public override string Name => "min-max";

    /// <inheritdoc />
    public override Observer CreateLike() => new MinMaxObserver(Scheme);

    /// <inheritdoc />
    protected override void Update(Tensor values, float batchMin, float batchMax, int previousCount)
    {
        Min = Math.Min(Min, batchMin);
        Max = Math.Max(Max, batchMax);
    }
}
