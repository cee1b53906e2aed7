using TorchSharp.Tests.Reference;
using static TorchSharp.torch;

namespace TorchSharp.Tests.Parity;

/// <summary>torch.linalg.svd against PyTorch 1.13 (reduced, full_matrices false): U·diag(S)·Vh equals the
/// input, S equals PyTorch's S, and U / Vh equal PyTorch's after aligning the arbitrary sign of each
/// singular pair. Tolerances: the manifest's, float64 rtol 1e-10 / atol 1e-12, float32 rtol 1e-5 / atol 1e-5
/// (the random test matrices have well-separated singular values, so the vectors are well conditioned).</summary>
public class SvdParityTests
{
    public static TheoryData<string> Cases => new() { "svd_7x5_f64", "svd_5x9_f32" };

    [Fact]
    public void EverySvdFixtureHasAParityCase() =>
        ParitySettings.AssertCovers(PyTorchOracle.CasesOfKind("svd"), nameof(SvdParityTests), Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReducedSvdReconstructsTheInputAndMatchesPyTorchUpToSigns(string name)
    {
        using var c = PyTorchOracle.Load(name);
        var expectedTolerance = c["A"].dtype == ScalarType.Float64 ? (1e-10, 1e-12) : (1e-5, 1e-5);
        Assert.Equal(expectedTolerance, (c.Rtol, c.Atol));
        var (rtol, atol) = expectedTolerance;
        using var scope = NewDisposeScope();
        var (u, s, vh) = linalg.svd(c["A"], fullMatrices: false);

        var reconstruction = (u * s.unsqueeze(0)).matmul(vh);
        c.AssertClose("reconstruction", reconstruction, rtol, atol);
        c.AssertClose("A", reconstruction, rtol, atol);
        c.AssertClose("S", s, rtol, atol);

        // Align each singular pair's sign with PyTorch's: flip column j of U and row j of Vh together.
        var k = s.shape[0];
        var signs = new double[k];
        var uOurs = ReferenceAssert.ToDoubles(u);
        var uRef = ReferenceAssert.ToDoubles(c["U"]);
        for (var j = 0; j < k; j++)
        {
            var dot = 0.0;
            for (var r = 0; r < u.shape[0]; r++) dot += uOurs[r * k + j] * uRef[r * k + j];
            signs[j] = dot < 0 ? -1 : 1;
        }
        var sign = tensor(signs).to(u.dtype);
        c.AssertClose("U", u * sign.unsqueeze(0), rtol, atol);
        c.AssertClose("Vh", vh * sign.unsqueeze(1), rtol, atol);
    }

    [Fact]
    public void FullMatricesByDefaultGiveSquareOrthogonalFactors()
    {
        using var c = PyTorchOracle.Load("svd_7x5_f64");
        using var scope = NewDisposeScope();
        var (u, s, vh) = linalg.svd(c["A"]);
        Assert.Equal(new long[] { 7, 7 }, u.shape);
        Assert.Equal(new long[] { 5 }, s.shape);
        Assert.Equal(new long[] { 5, 5 }, vh.shape);
        ReferenceAssert.Close(Identity(7), u.t().matmul(u), 0, 1e-12, "UᵀU");
        ReferenceAssert.Close(Identity(5), vh.matmul(vh.t()), 0, 1e-12, "Vh·Vhᵀ");
        c.AssertClose("S", s);
    }

    private static Tensor Identity(int n)
    {
        var values = new double[n * n];
        for (var i = 0; i < n; i++) values[i * n + i] = 1;
        return tensor(values, new long[] { n, n });
    }
}
