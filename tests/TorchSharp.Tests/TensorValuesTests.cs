using static TorchSharp.torch;

namespace TorchSharp.Tests;

public class TensorValuesTests
{
    [Fact]
    public void ItemNeedsOneElementAndTheMatchingType()
    {
        using var one = tensor(new float[] { 2.5f });
        Assert.Equal(2.5f, one.item<float>());
        Assert.Throws<ArgumentException>(() => one.item<double>());
        using var two = zeros(2);
        Assert.Throws<ArgumentException>(() => two.item<float>());
        using var l = tensor(new long[] { 9 }).reshape();
        Assert.Equal(9L, l.item<long>());
    }

    [Fact]
    public void DataAccessorIsACopyThatSurvivesDisposalAndWritesBack()
    {
        var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        var acc = t.data<float>();
        Assert.Equal(6, acc.Count);
        Assert.Equal(6f, acc[1, 2]);
        Assert.Equal(5f, acc[4]);
        Assert.Equal(21f, acc.Sum());
        acc[0] = 10;
        Assert.Equal(10f, t[0, 0].item<float>());
        Assert.Throws<IndexOutOfRangeException>(() => acc[6]);
        Assert.Throws<IndexOutOfRangeException>(() => acc[2, 0]);
        Assert.Throws<ArgumentException>(() => t.data<long>());
        using var view = t.t();
        Assert.Equal(new[] { 10f, 4, 2, 5, 3, 6 }, view.data<float>().ToArray());
        t.Dispose();
        Assert.Equal(10f, acc[0]);
        Assert.Throws<ObjectDisposedException>(() => acc[0] = 1);
        Assert.Throws<ObjectDisposedException>(() => t.data<float>());
    }

    [Fact]
    public void ToStringGivesTorchSharpMetadataAndStrGivesValues()
    {
        using var m = tensor(new float[] { 1, 2.5f, -3, 4 }, new long[] { 2, 2 });
        Assert.Equal("[2x2], type = Float32, device = cpu", m.ToString());
        using var s = tensor(3L);
        Assert.Equal("[], type = Int64, device = cpu", s.ToString());
        Assert.Equal("[2x2], type = Float32, device = cpu\n[[1, 2.5],\n [-3, 4]]", m.ToString(TensorStringStyle.Numpy, newLine: "\n"));
        Assert.Equal("[], type = Int64, device = cpu\n3", s.str(newLine: "\n"));
        using var b = tensor(new[] { true, false });
        Assert.EndsWith("[true, false]", b.str());
        using var big = arange(2000).reshape(2, 1000);
        var text = big.str(newLine: "\n");
        Assert.Contains("[0, 1, 2, ..., 997, 998, 999]", text);
        Assert.Contains("[1000, 1001, 1002, ..., 1997, 1998, 1999]", text);
        using var c = zeros(2, 2, 2);
        Assert.EndsWith("[[[0, 0],\n  [0, 0]],\n\n [[0, 0],\n  [0, 0]]]", c.str(newLine: "\n"));
        var disposed = zeros(1);
        disposed.Dispose();
        Assert.Equal("", disposed.ToString());
    }
}
