namespace TorchSharp;

public static partial class torch
{
    // In-place random fills, drawn from the generator seeded by manual_seed.
    public partial class Tensor
    {
        /// <summary>Fills this tensor with uniform random numbers in [<paramref name="from"/>, <paramref name="to"/>). Returns this tensor.</summary>
        /// <exception cref="ArgumentException"><paramref name="from"/> is greater than <paramref name="to"/>.</exception>
        public Tensor uniform_(double from, double to)
        {
            if (from > to) throw new ArgumentException($"from ({from}) must not be greater than to ({to})", nameof(from));
            return Aten.uniform_.Args().Tensor(this).Double(from).Double(to).CallInPlace(this);
        }

        /// <summary>Fills this tensor with normal random numbers of the given mean and standard deviation. Returns this tensor.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative.</exception>
        public Tensor normal_(double mean = 0.0, double std = 1.0)
        {
            if (std < 0) throw new ArgumentOutOfRangeException(nameof(std), std, "the standard deviation must not be negative");
            return Aten.normal_.Args().Tensor(this).Double(mean).Double(std).CallInPlace(this);
        }

        /// <summary>Fills this tensor with 1 with probability <paramref name="p"/>, else 0. Returns this tensor.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
        public Tensor bernoulli_(double p = 0.5)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "the probability must be in [0, 1]");
            return Aten.bernoulli__float.Args().Tensor(this).Double(p).CallInPlace(this);
        }
    }

    /// <summary>A random permutation of 0 .. <paramref name="n"/>-1 (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must not be negative");
        var t = Aten.randperm.Args().Int(n).ScalarType(dtype ?? ScalarType.Int64).None().Device(device).Call();
        if (requires_grad) t.requires_grad = true;
        return t;
    }
}
