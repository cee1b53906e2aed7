using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Sparse;

/// <summary>An N:M semi-structured sparsity pattern: in every group of M consecutive weights along a layer's input
/// dimension, at most N are non-zero (so M − N are zero). 2:4 is the pattern that NVIDIA's sparse tensor cores
/// accelerate (Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks", arXiv:2104.08378; Zhou et al. 2021,
/// "Learning N:M Fine-grained Structured Sparse Neural Networks From Scratch", arXiv:2102.04010).
/// For a Linear weight [out, in] the groups run along <c>in</c>; for a Conv2d weight [out, in, kh, kw] along
/// <c>in</c> at each (out, kh, kw), as NVIDIA's tools group convolutions. A layer whose input dimension is not a
/// multiple of M has no such groups.</summary>
public sealed class NMPattern : IEquatable<NMPattern>
{
    /// <summary>The largest group size accepted.</summary>
    public const int MaxM = 64;

    /// <summary>Creates an N:M pattern.</summary>
    /// <param name="n">Non-zero weights kept per group, in [1, m − 1].</param>
    /// <param name="m">Group size, in [2, <see cref="MaxM"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">m or n out of range.</exception>
    public NMPattern(int n, int m)
    {
        if (m < 2 || m > MaxM) throw new ArgumentOutOfRangeException(nameof(m), m, $"the group size M must be in [2, {MaxM}]");
        if (n < 1 || n >= m) throw new ArgumentOutOfRangeException(nameof(n), n, $"N, the non-zeros kept per group of {m}, must be in [1, {m - 1}]");
        N = n;
        M = m;
    }

    /// <summary>2:4, the pattern sparse tensor cores accelerate (50% sparsity).</summary>
    public static NMPattern TwoFour { get; } = new(2, 4);

    /// <summary>Non-zero weights kept per group.</summary>
    public int N { get; }

    /// <summary>Group size.</summary>
    public int M { get; }

    /// <summary>The sparsity the pattern gives a layer it applies to, in percent: 100 (M − N) / M.</summary>
    public double Sparsity => 100.0 * (M - N) / M;

    /// <summary>Parses "N:M" (e.g. "2:4", "1:4", "4:8").</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">Not of the form N:M with integers in range.</exception>
    public static NMPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            throw new ArgumentException($"\"{text}\" is not an N:M pattern such as \"2:4\"", nameof(text));
        try
        {
            return new NMPattern(n, m);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"\"{text}\": {e.Message}", nameof(text), e);
        }
    }

    /// <summary>Whether the pattern applies to <paramref name="layer"/>: a Conv2d or Linear whose input dimension
    /// (in_channels / in_features, per group for grouped convolutions) is a multiple of M.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public bool AppliesTo(nn.Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return InputDimension(layer) is long size && size % M == 0;
    }

    /// <summary>How many of <paramref name="layer"/>'s groups of M have more than N non-zero weights (0 when the layer
    /// follows the pattern).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    /// <exception cref="ArgumentException">The pattern does not apply to the layer (see <see cref="AppliesTo"/>).</exception>
    public long Violations(nn.Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var weight = WeightOf(layer, nameof(layer));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var nonZeros = Groups(weight).ne(0).sum(1);
        return nonZeros.gt(N).sum().item<long>();
    }

    /// <summary>"N:M".</summary>
    public override string ToString() => $"{N}:{M}";

    /// <inheritdoc />
    public bool Equals(NMPattern? other) => other is not null && other.N == N && other.M == M;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NMPattern);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(N, M);

    /// <summary>The layer's weight viewed as rows of M consecutive input weights: [groups, M] (a new tensor).</summary>
    internal Tensor Groups(Tensor weight) =>
        weight.dim() == 4 ? weight.permute(0, 2, 3, 1).reshape(-1, M) : weight.reshape(-1, M);

    /// <summary>The inverse of <see cref="Groups"/>: a [groups, M] tensor back to the weight's shape.</summary>
    internal static Tensor Ungroup(Tensor groups, long[] shape) =>
        shape.Length == 4
            ? groups.reshape(shape[0], shape[2], shape[3], shape[1]).permute(0, 3, 1, 2).contiguous()
            : groups.reshape(shape);

    /// <summary>The weight of a layer the pattern applies to.</summary>
    internal Tensor WeightOf(nn.Module layer, string parameterName)
    {
        if (!AppliesTo(layer))
            throw new ArgumentException(
                $"{ToString()} needs a Conv2d or Linear layer whose input dimension is a multiple of {M}; " +
                $"this {layer.GetType().Name} has {(InputDimension(layer) is long d ? d.ToString(CultureInfo.InvariantCulture) : "none")}", parameterName);
        return layer switch
        {
            Conv2d conv => conv.weight!,
            _ => ((Linear)layer).weight!,
        };
    }

    private static long? InputDimension(nn.Module layer) => layer switch
    {
        Conv2d conv => conv.weight?.shape[1],
        Linear linear => linear.weight?.shape[1],
        _ => null,
    };
}
