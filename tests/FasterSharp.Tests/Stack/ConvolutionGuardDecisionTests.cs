using FasterSharp.Runtime;

namespace FasterSharp.Tests.Stack;

/// <summary>The guard's decision, branch by branch, on any CPU: a faulty verdict caps, an exact one does not, a user's
/// ONEDNN_MAX_CPU_ISA is kept, verdicts are cached per machine, and no verdict caps to be safe without caching.</summary>
public sealed class ConvolutionGuardDecisionTests : IDisposable
{
    private const string Machine = "TestVendor family 1 model 2 stepping 3 (test CPU); X64 Unix; TorchSharp test; check v1";
    private readonly string _folder = Directory.CreateTempSubdirectory("verdicts-").FullName;
    private readonly ConvolutionVerdictCache _cache;
    private int _probes;

    public ConvolutionGuardDecisionTests() => _cache = new ConvolutionVerdictCache(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ConvolutionSafety.ProbeRunner Probe(ProbeOutcome? outcome, string failure = "no launcher") => (out string reason) =>
    {
        _probes++;
        reason = outcome is null ? failure : "";
        return outcome;
    };

    private static readonly ProbeOutcome Exact = new(true, 2e-6, "50→100 5×5 stride 1 pad 0: output");
    private static readonly ProbeOutcome Faulty = new(false, 1.02, "20→50 5×5 stride 1 pad 0: output");

    private ConvolutionSafety.GuardPlan Decide(ProbeOutcome? outcome, string? userIsa = null, string? forced = null, string? machine = Machine, bool x64 = true) =>
        ConvolutionSafety.Decide(x64, userIsa, forced, machine, _cache, Probe(outcome));

    [Fact]
    public void AFaultyChildVerdictCapsAndIsCached()
    {
        var plan = Decide(Faulty);
        Assert.True(plan.Cap);
        Assert.Equal("child check at full ISA: faulty (relative error 1.0e+00 at 20→50 5×5 stride 1 pad 0: output): capped at SSE41", plan.Decision);
        var cached = _cache.Read(Machine);
        Assert.NotNull(cached);
        Assert.False(cached.Exact);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public void AnExactChildVerdictDoesNotCapAndTheNextDecisionUsesTheCacheWithoutAChild()
    {
        var first = Decide(Exact);
        Assert.False(first.Cap);
        Assert.StartsWith("child check at full ISA: exact (max relative error 2.0e-06)", first.Decision);

        var second = Decide(Faulty);   // a later process on the same machine: the cache answers, the child is not run
        Assert.False(second.Cap);
        Assert.StartsWith("cached verdict of ", second.Decision);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public void ACachedFaultyVerdictCapsWithoutAChild()
    {
        _cache.Write(new CachedVerdict(Machine, false, 0.9, "17→8 3×3 stride 1 pad 1: input gradient", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)));
        var plan = Decide(Exact);
        Assert.True(plan.Cap);
        Assert.Equal("cached verdict of 2026-12-01: faulty (relative error 9.0e-01 at 17→8 3×3 stride 1 pad 1: input gradient): capped at SSE41", plan.Decision);
        Assert.Equal(0, _probes);
    }

    [Fact]
    public void NoVerdictCapsToBeSafeAndCachesNothing()
    {
        var plan = Decide(null);
        Assert.True(plan.Cap);
        Assert.Equal("no verdict (no launcher): capped at SSE41 to be safe", plan.Decision);
        Assert.Null(_cache.Read(Machine));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AnUnidentifiedMachineRunsTheChildEveryTimeAndCachesNothing()
    {
        Assert.False(Decide(Exact, machine: null).Cap);
        Assert.False(Decide(Exact, machine: null).Cap);
        Assert.Equal(2, _probes);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("faulty", true)]
    [InlineData(" FAULTY ", true)]
    [InlineData("exact", false)]
    public void AForcedVerdictDecidesWithoutAChildOrTheCache(string forced, bool cap)
    {
        var plan = Decide(cap ? Exact : Faulty, forced: forced);
        Assert.Equal(cap, plan.Cap);
        Assert.StartsWith($"{ConvolutionSafety.VerdictVariable}=", plan.Decision);
        Assert.Equal(0, _probes);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AnUnknownForcedVerdictIsRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => Decide(Exact, forced: "maybe"));
        Assert.Equal(ConvolutionSafety.VerdictVariable, e.ParamName);
        Assert.Contains("'maybe'", e.Message);
    }

    [Theory]
    [InlineData("ALL")]
    [InlineData("SSE41")]
    public void AUsersIsaSettingIsKeptWithoutAChild(string isa)
    {
        var plan = Decide(Faulty, userIsa: isa, forced: "faulty");
        Assert.False(plan.Cap);
        Assert.Equal($"ONEDNN_MAX_CPU_ISA={isa} set before Ensure: kept", plan.Decision);
        Assert.Equal(0, _probes);
    }

    [Fact]
    public void OffX64NothingIsCapped()
    {
        Assert.False(Decide(Faulty, x64: false).Cap);
        Assert.Equal(0, _probes);
    }

    [Fact]
    public void AnUnreadableOrForeignCacheFileIsIgnored()
    {
        _cache.Write(new CachedVerdict(Machine, true, 1e-6, "x", DateTime.UtcNow));
        var file = Assert.Single(Directory.GetFiles(_folder));
        File.WriteAllText(file, "{ not json");
        Assert.Null(_cache.Read(Machine));
        Assert.True(Decide(Faulty).Cap);   // checked again, and the new verdict replaces the broken file
        Assert.False(_cache.Read(Machine)!.Exact);
        Assert.Null(_cache.Read(Machine + " other"));
    }

    [Fact]
    public void TheVerdictLineRoundTrips()
    {
        Assert.Equal(Faulty, ProbeOutcome.Parse("some warning\n" + Faulty.ToLine() + "\n"));
        Assert.Null(ProbeOutcome.Parse("verdict: perhaps 1 x"));
        Assert.Null(ProbeOutcome.Parse(""));
    }
}
