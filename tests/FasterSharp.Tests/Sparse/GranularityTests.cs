using FasterSharp.Sparse;
using TorchSharp;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Sparse;

public class GranularityTests
{
    [Theory]
    [InlineData("weight", new long[0])]
    [InlineData("shared_weight", new long[] { 0 })]
    [InlineData("channel", new long[] { 1 })]
    [InlineData("column", new long[] { 2 })]
    [InlineData("row", new long[] { 3 })]
    [InlineData("kernel", new long[] { 2, 3 })]
    [InlineData("filter", new long[] { 1, 2, 3 })]
    [InlineData("shared_channel", new long[] { 0, 1 })]
    [InlineData("shared_column", new long[] { 0, 2 })]
    [InlineData("shared_row", new long[] { 0, 3 })]
    [InlineData("vertical_slice", new long[] { 1, 2 })]
    [InlineData("horizontal_slice", new long[] { 1, 3 })]
    [InlineData("shared_vertical_slice", new long[] { 0, 1, 2 })]
    [InlineData("shared_horizontal_slice", new long[] { 0, 1, 3 })]
    [InlineData("shared_kernel", new long[] { 0, 2, 3 })]
    [InlineData("layer", new long[] { 0, 1, 2, 3 })]
    public void Conv2dGranularitiesReduceFasteraisDims(string name, long[] dims)
    {
        Assert.Equal(dims, Granularity.Parse(name).ReducedDims(nn.Conv2d(3, 4, 3)));
    }

    [Fact]
    public void LinearAllowsWeightColumnRowAndLayer()
    {
        var linear = nn.Linear(5, 4);
        Assert.Equal(new[] { "weight", "column", "row", "layer" }, Granularity.AllowedFor(linear).Select(g => g.Name));
        Assert.Equal(new long[] { 0 }, Granularity.Column.ReducedDims(linear));
        Assert.Equal(new long[] { 1 }, Granularity.Row.ReducedDims(linear));
        var e = Assert.Throws<ArgumentException>(() => Granularity.Filter.ReducedDims(linear));
        Assert.Contains("filter", e.Message);
        Assert.Contains("Linear", e.Message);
        Assert.Contains("weight, column, row, layer", e.Message);
    }

    [Fact]
    public void NamesAndTypedFieldsAreTheSame()
    {
        Assert.Same(Granularity.SharedKernel, Granularity.Parse("shared_kernel"));
        Granularity fromString = "filter";
        Assert.Same(Granularity.Filter, fromString);
        Assert.Equal(16, Granularity.All.Count);
        var e = Assert.Throws<ArgumentException>(() => Granularity.Parse("filters"));
        Assert.Contains("shared_kernel", e.Message);
    }
}
