using System.Globalization;
using static TorchSharp.torch;

namespace FasterSharp.Quantize;

/// <summary>The range follows each batch's min and max with an exponential moving average (PyTorch's
/// MovingAverageMinMaxObserver): the first batch sets it, then min ← min + c·(batch min − min), likewise for max,
/// in float32.</summary>
public sealed class MovingAverageMinMaxObserver : Observer
{
    /// <summary>Creates the observer; by default for uint8 affine activations with PyTorch's c = 0.01.</summary>
    /// <param name="scheme">The integer type and mapping; null for <see cref="QuantScheme.UInt8Affine"/>.</param>
    /// <param name="averagingConstant">c in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">c outside (0, 1] or NaN.</exception>
    public MovingAverageMinMaxObserver(QuantScheme? scheme = null, double averagingConstant = 0.01) : base(scheme ?? QuantScheme.UInt8Affine)
    {
        if (!(averagingConstant > 0 && averagingConstant <= 1))
            throw new ArgumentOutOfRangeException(nameof(averagingConstant), averagingConstant, "must be in (0, 1]");
        AveragingConstant = averagingConstant;
    }

    /// <summary>The averaging constant c.</summary>
    public double AveragingConstant { get; }

    /// <inheritdoc />
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"moving-average min-max ({AveragingConstant:G4})");

    /// <inheritdoc />
    public override Observer CreateLike() => new MovingAverageMinMaxObserver(Scheme, AveragingConstant);

    /// <inheritdoc />
    protected override void Update(Tensor values, float batchMin, float batchMax, int previousCount)
    {
        if (previousCount == 0)
        {
            (Min, Max) = (batchMin, batchMax);
            return;
        }
        var c = (float)AveragingConstant;
        Min += c * (batchMin - Min);
        Max += c * (batchMax - Max);
    }
}
