using FasterSharp.Runtime;

namespace FasterSharp.Learning;

/// <summary>Trains and validates in the channels-last memory format (fastai's <c>ChannelsLast</c> callback): the
/// model's convolution weights are stored channels-last when the fit starts (in place: the optimizer keeps its
/// parameters), and every 4-D input batch is handed to the model channels-last. Same values, same results up to
/// float rounding; LibTorch's convolutions then skip oneDNN's reorders into blocked layouts. See
/// <see cref="ChannelsLast"/>.</summary>
public sealed class ChannelsLastCallback : Callback
{
    /// <summary>Runs before the other callbacks' BeforeBatch, so they see the batch as the model will.</summary>
    public override int Order => -20;

    /// <inheritdoc />
    public override void BeforeFit() => ChannelsLast.Apply(Learn.Model);

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var learn = Learn;
        if (learn.X is { } x && x.dim() == 4) learn.X = ChannelsLast.Of(x);
    }
}
