using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>A layer a <see cref="Sparsifier"/> prunes, with its mask state.</summary>
internal sealed class SparseLayer(string name, nn.Module module, Parameter weight, Parameter? bias, BatchNorm? followingBatchNorm, long[] reducedDims)
{
    public string Name { get; } = name;
    public nn.Module Module { get; } = module;
    public Parameter Weight { get; } = weight;
    public Parameter? Bias { get; } = bias;

    /// <summary>The BatchNorm fed by this convolution (zeroed with the filters under filter granularity), or null.</summary>
    public BatchNorm? FollowingBatchNorm { get; } = followingBatchNorm;

    public long[] ReducedDims { get; } = reducedDims;

    /// <summary>0/1 mask of the weight's shape and dtype, or null before the first pruning.</summary>
    public Tensor? Mask { get; set; }

    /// <summary>0/1 mask per output channel ([out]) under filter granularity, else null.</summary>
    public Tensor? ChannelMask { get; set; }

    /// <summary>wp: the weight after the previous pruning, for updating criteria.</summary>
    public Tensor? PreviousWeights { get; set; }

    public void ReplaceMask(Tensor mask, Tensor? channelMask)
    {
        Mask?.Dispose();
        ChannelMask?.Dispose();
        Mask = mask;
        ChannelMask = channelMask;
    }

    public void DisposeState()
    {
        Mask?.Dispose();
        ChannelMask?.Dispose();
        PreviousWeights?.Dispose();
        Mask = ChannelMask = PreviousWeights = null;
    }
}
