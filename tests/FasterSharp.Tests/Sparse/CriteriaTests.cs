using FasterSharp.Sparse;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class CriteriaTests
{
    private static readonly float[] W = [0.5f, -2f, 0f, 1.5f, -0.25f, 3f];
    private static readonly float[] W0 = [1f, -1f, 0.5f, -2f, 0.25f, 0f];
    private static readonly float[] Wp = [0.25f, -2.5f, 1f, 1f, -0.5f, 2f];

    public static TheoryData<string> Names => new(Criteria.All.Where(c => c.Name != "random").Select(c => c.Name));

    private static float HandFormula(string name, float w, float w0, float wp) => name switch
    {
        "large_final" => Math.Abs(w),
        "small_final" => -Math.Abs(w),
        "squared_final" => w * w,
        "large_init" => Math.Abs(w0),
        "small_init" => -Math.Abs(w0),
        "large_init_large_final" => Math.Min(Math.Abs(w), Math.Abs(w0)),
        "small_init_small_final" => -Math.Max(Math.Abs(w), Math.Abs(w0)),
        "magnitude_increase" => Math.Abs(w) - Math.Abs(w0),
        "movement" => Math.Abs(w - w0),
        "movmag" => Math.Abs(w * (w - w0)),
        "updating_magnitude_increase" => Math.Abs(w) - Math.Abs(wp),
        "updating_movement" => Math.Abs(w - wp),
        "updating_movmag" => Math.Abs(w * (w - wp)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ElementScoresEqualTheHandFormula(string name)
    {
        var criterion = Criteria.Parse(name);
        using var w = tensor(W).reshape(2, 3);
        using var w0 = tensor(W0).reshape(2, 3);
        using var wp = tensor(Wp).reshape(2, 3);
        using var scores = criterion.ElementScores(w, w0, wp);
        var values = scores.reshape(-1).data<float>().ToArray();
        for (var i = 0; i < W.Length; i++)
            Assert.Equal(HandFormula(name, W[i], W0[i], Wp[i]), values[i], 6);
    }

    [Fact]
    public void CriteriaDeclareWhichReferenceWeightsTheyRead()
    {
        Assert.True(Criteria.LargeInit.NeedsInitialWeights);
        Assert.True(Criteria.Movement.NeedsInitialWeights);
        Assert.True(Criteria.UpdatingMovement.NeedsPreviousWeights);
        Assert.False(Criteria.LargeFinal.NeedsInitialWeights || Criteria.LargeFinal.NeedsPreviousWeights);
        using var w = tensor(W);
        Assert.Throws<ArgumentNullException>(() => Criteria.Movement.ElementScores(w));
        using var wrong = zeros(5);
        Assert.Throws<ArgumentException>(() => Criteria.Movement.ElementScores(w, wrong));
        Assert.Throws<ArgumentException>(() => Criteria.Parse("largest"));
    }

    [Fact]
    public void GroupScoresShiftPositiveMaskAndReduceOverTheGranularityDims()
    {
        // A conv weight [out=2, in=3, 1, 1]; filter granularity reduces dims 1, 2, 3.
        using var w = tensor(W).reshape(2, 3, 1, 1);
        var dims = Granularity.Filter.ReducedDims(nn.Conv2d(3, 2, 1));
        Assert.Equal(new long[] { 1, 2, 3 }, dims);

        using var mean = Criteria.LargeFinal.GroupScores(w, null, null, null, dims);
        Assert.Equal(new long[] { 2, 1, 1, 1 }, mean.shape);
        var eps = (float)Criterion.Epsilon;
        Assert.Equal((0.5f + 2f + 0f) / 3 + eps, mean[0].item<float>(), 6);
        Assert.Equal((1.5f + 0.25f + 3f) / 3 + eps, mean[1].item<float>(), 6);

        using var sum = Criteria.LargeFinal.WithReduction(ScoreReduction.Sum).GroupScores(w, null, null, null, dims);
        Assert.Equal(2.5f + 3 * eps, sum[0].item<float>(), 6);

        // −|w| is shifted by its minimum (−3) so every score is positive; the mask zeroes masked elements.
        using var mask = tensor(new float[] { 1, 0, 1, 1, 1, 0 }).reshape(2, 3, 1, 1);
        using var small = Criteria.SmallFinal.GroupScores(w, null, null, mask, dims);
        Assert.Equal(((3 - 0.5f + eps) + 0 + (3 - 0 + eps)) / 3, small[0].item<float>(), 5);
        Assert.Equal(((3 - 1.5f + eps) + (3 - 0.25f + eps) + 0) / 3, small[1].item<float>(), 5);
    }

    [Fact]
    public void UserCriterionIsCalledWithTheWeights()
    {
        var byIndex = new Criterion("first_column_wins", (w, _, _) => w.abs().mul_(0).add_(1));
        using var w = tensor(W).reshape(2, 3);
        using var scores = byIndex.GroupScores(w, null, null, null, []);
        Assert.All(scores.reshape(-1).data<float>().ToArray(), v => Assert.Equal(1 + (float)Criterion.Epsilon, v, 6));
        var badShape = new Criterion("bad", (w, _, _) => w.sum());
        Assert.Throws<ArgumentException>(() => badShape.ElementScores(w));
        Assert.Throws<ArgumentException>(() => new Criterion("both", (w, _, _) => w, needsInitialWeights: true, needsPreviousWeights: true));
    }
}
