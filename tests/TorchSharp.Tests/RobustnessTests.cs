using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchSharp.Tests;

/// <summary>Malformed calls, generated in loops: each must throw a .NET exception (never crash the
/// process), and the library must keep working afterwards.</summary>
public class RobustnessTests
{
    private static readonly ScalarType[] Types =
        [ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool];

    private static void AssertDotNetException(Action call, string what)
    {
        var e = Record.Exception(call);
        Assert.True(e is ExternalException or ArgumentException or ObjectDisposedException or IndexOutOfRangeException
                or InvalidOperationException or NotSupportedException,
            $"{what}: expected a .NET exception, got {(e is null ? "none" : e.GetType().Name + ": " + e.Message)}");
    }

    private static IEnumerable<(string what, Action call)> MalformedCalls()
    {
        var a = rand(2, 3);
        var b = rand(4, 5);
        var v = rand(7);
        var shapes = new[] { new long[] { 4, 4 }, new long[] { 2 }, new long[] { 5, 2 }, new long[] { 1, 2, 4 } };
        foreach (var s in shapes)
        {
            var other = rand(s);
            yield return ($"add {s.Length}", () => a.add(other));
            yield return ($"sub_ {s.Length}", () => a.sub_(other));
            yield return ($"mul_ {s.Length}", () => a.mul_(other));
            yield return ($"mm {s.Length}", () => a.mm(other));
            yield return ($"bmm {s.Length}", () => a.bmm(other));
            yield return ($"addcmul_ {s.Length}", () => a.addcmul_(other, a, 1));
            yield return ($"lerp_ {s.Length}", () => a.lerp_(other, 0.5));
            yield return ($"masked_fill {s.Length}", () => a.masked_fill(other > 0, 1));
            yield return ($"cat {s.Length}", () => cat(new[] { a, other }, 1));
            yield return ($"stack {s.Length}", () => stack(new[] { a, other }));
            yield return ($"view {s.Length}", () => a.view(s));
            yield return ($"reshape {s.Length}", () => a.reshape(s));
            yield return ($"expand {s.Length}", () => b.expand(s));
            yield return ($"copy_ {s.Length}", () => a.copy_(other));
            yield return ($"where {s.Length}", () => where(a > 0, a, other));
            yield return ($"maximum {s.Length}", () => a.maximum(other));
            yield return ($"eq {s.Length}", () => a.eq(other));
            yield return ($"index_put_ {s.Length}", () => a[0] = other);
        }
        foreach (var t1 in Types)
        foreach (var t2 in Types)
        {
            if (t1 == t2) continue;
            var x = ones(new long[] { 2, 2 }, t1);
            var y = ones(new long[] { 2, 2 }, t2);
            yield return ($"mm {t1}x{t2}", () => x.mm(y));
            if (t1 != ScalarType.Float32) yield return ($"item<float> of {t1}", () => x.sum().item<float>());
            if (t1 != ScalarType.Float64) yield return ($"data<double> of {t1}", () => x.data<double>());
        }
        foreach (var d in new long[] { 2, 3, -3, -4, 100, long.MinValue + 1 })
        {
            yield return ($"sum dim {d}", () => a.sum(d));
            yield return ($"mean dim {d}", () => a.mean(new[] { d }));
            yield return ($"max dim {d}", () => a.max(d));
            yield return ($"argmax dim {d}", () => a.argmax(d));
            yield return ($"softmax-like std {d}", () => a.std(d));
            yield return ($"squeeze {d}", () => a.squeeze(d));
            yield return ($"unsqueeze {d}", () => a.unsqueeze(d > 0 ? d + 1 : d - 1));
            yield return ($"transpose {d}", () => a.transpose(0, d));
            yield return ($"flatten {d}", () => a.flatten(d));
            yield return ($"select dim {d}", () => a.select(d, 0));
            yield return ($"select index {d}", () => a.select(0, d));
            yield return ($"narrow {d}", () => a.narrow(1, d, 4));
            yield return ($"indexer {d}", () => _ = a[d]);
            yield return ($"indexer 2 {d}", () => _ = a[1, d > 0 ? d + 1 : d - 1]);
            yield return ($"chunk {d}", () => a.chunk(2, d));
            yield return ($"sort {d}", () => a.sort(d));
            yield return ($"topk {d}", () => v.topk((int)Math.Min(Math.Abs(d), int.MaxValue - 10) + 8));
            yield return ($"kthvalue {d}", () => v.kthvalue(Math.Min(Math.Abs(d), 1000) + 8, 0));
            yield return ($"index_select {d}", () => a.index_select(0, tensor(new long[] { d })));
            yield return ($"permute {d}", () => a.permute(0, d));
        }
        foreach (var n in new long[] { -1, -2, -100, long.MinValue })
        {
            yield return ($"zeros {n}", () => zeros(2, n));
            yield return ($"ones {n}", () => ones(new[] { n }));
            yield return ($"empty {n}", () => empty(n));
            yield return ($"rand {n}", () => rand(n, 2));
            yield return ($"randn {n}", () => randn(new[] { 3, n }));
            yield return ($"full {n}", () => full(n, 1.0));
            yield return ($"randint {n}", () => randint(5, new[] { n }));
            yield return ($"randperm {n}", () => randperm(n));
            yield return ($"linspace {n}", () => linspace(0, 1, n));
            yield return ($"tensor dims {n}", () => tensor(new float[] { 1, 2 }, new[] { n, -2 }));
            yield return ($"view {n}", () => a.view(n, n));
            yield return ($"chunks {n}", () => a.chunk(n));
            yield return ($"split {n}", () => a.split(n));
            yield return ($"slice step {n}", () => _ = a[TensorIndex.Slice(0, 2, n)]);
        }
        yield return ("null float[]", () => tensor((float[])null!));
        yield return ("null double[]", () => tensor((double[])null!));
        yield return ("null long[]", () => tensor((long[])null!));
        yield return ("null int[]", () => tensor((int[])null!));
        yield return ("null byte[]", () => tensor((byte[])null!));
        yield return ("null bool[]", () => tensor((bool[])null!));
        yield return ("null float[,]", () => tensor((float[,])null!));
        yield return ("null list", () => tensor((IList<float>)null!));
        yield return ("null size", () => zeros((long[])null!));
        yield return ("null rand size", () => rand((long[])null!));
        yield return ("null cat", () => cat((Tensor[])null!));
        yield return ("empty cat", () => cat(Array.Empty<Tensor>()));
        yield return ("empty stack", () => stack(new List<Tensor>()));
        yield return ("null permute", () => a.permute(null!));
        yield return ("null input like", () => zeros_like(null!));
        yield return ("mismatched data", () => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        yield return ("mismatched data 2", () => tensor(new long[] { 1, 2 }, new long[] { }));
        yield return ("svd of vector", () => linalg.svd(v));
        yield return ("t of 3-d", () => rand(2, 2, 2).t());
        yield return ("clamp without bounds", () => a.clamp((Scalar?)null, null));
        yield return ("uniform from > to", () => a.uniform_(1, 0));
        yield return ("normal negative std", () => a.normal_(0, -1));
        yield return ("bernoulli p > 1", () => a.bernoulli_(2));
        yield return ("arange zero step", () => arange(0, 1, 0.0 * a.numel()));
        yield return ("randint empty range", () => randint(3, 3, new long[] { 1 }));
        yield return ("log of int in place", () => ones(2, ScalarType.Int64).log_());
        yield return ("sqrt_ of bool", () => ones(2, ScalarType.Bool).sqrt_());
        yield return ("masked_fill with float mask", () => a.masked_fill(a, 0));
        yield return ("mean of int", () => ones(2, ScalarType.Int64).mean());
        yield return ("too many indices", () => _ = a[0, 0, 0]);
        yield return ("two ellipses", () => _ = a[TensorIndex.Ellipsis, TensorIndex.Ellipsis]);
        yield return ("float index tensor", () => _ = a[rand(2)]);
        yield return ("index out of range tensor", () => _ = a[tensor(new long[] { 5 })]);
        yield return ("in-place on leaf needing grad", () => rand(2, requires_grad: true).add_(1));
        yield return ("backward twice", () =>
        {
            var w = rand(new long[] { 2 }, requires_grad: true);
            var loss = (w * w).sum();
            loss.backward();
            loss.backward();
        });
        yield return ("backward of non-scalar", () => (rand(new long[] { 3 }, requires_grad: true) * 2).backward());
        yield return ("split sizes not adding up", () => a.split(new long[] { 1, 2 }));
        yield return ("div by rounding mode out of enum", () => a.div(2, (RoundingMode)17));

        var disposed = rand(2, 2);
        disposed.Dispose();
        foreach (var (name, op) in new (string, Func<Tensor, object>)[]
                 {
                     ("shape", t => t.shape), ("add", t => t.add(a)), ("add other", t => a.add(t)), ("add_", t => t.add_(1)),
                     ("mul", t => t * 2), ("neg", t => -t), ("sum", t => t.sum()), ("item", t => t.item<float>()),
                     ("data", t => t.data<float>()), ("clone", t => t.clone()), ("index", t => t[0]), ("to", t => t.to(ScalarType.Int32)),
                     ("cat", t => cat(new[] { t, a })), ("eq", t => t == a), ("dtype", t => t.dtype),
                     ("requires_grad", t => t.requires_grad), ("zero_", t => t.zero_()), ("copy_", t => a.copy_(t)), ("matmul", t => t.matmul(t)),
                 })
            yield return ($"disposed {name}", () => op(disposed));
    }

    [Fact]
    public void MalformedCallsThrowDotNetExceptionsAndTheProcessLivesOn()
    {
        var count = 0;
        using (NewDisposeScope())
        {
            foreach (var (what, call) in MalformedCalls())
            {
                AssertDotNetException(call, what);
                count++;
            }
        }
        Assert.True(count >= 300, $"only {count} malformed calls were tried");

        using var x = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var y = x.mm(x).sum();
        Assert.Equal(54f, y.item<float>());
    }

    [Fact]
    public void ValidationHappensBeforeAnyStateChanges()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        Assert.ThrowsAny<Exception>(() => a.add_(rand(4)));
        Assert.ThrowsAny<Exception>(() => a.clamp_((Scalar?)null, null));
        Assert.ThrowsAny<Exception>(() => a.uniform_(3, 1));
        Assert.ThrowsAny<Exception>(() => _ = a[5] = tensor(0f));
        Assert.Equal(new[] { 1f, 2, 3 }, a.data<float>().ToArray());
    }
}
