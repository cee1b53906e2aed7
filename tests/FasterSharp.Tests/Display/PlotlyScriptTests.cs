using System.Text.Json.Nodes;
using FasterSharp.Display;
using FasterSharp.Tests.Reference;

namespace FasterSharp.Tests.Display;

public class PlotlyScriptTests
{
    [Fact]
    public void The_pinned_npm_version_is_the_one_the_cdn_fallback_loads()
    {
        var packageJson = Path.Combine(ReferenceScript.RepositoryRoot(), "environment", "package.json");
        var pinned = JsonNode.Parse(File.ReadAllText(packageJson))!["dependencies"]!["plotly.js-dist-min"]!.GetValue<string>();

        Assert.Equal(PlotlyScript.Version, pinned);
        Assert.Equal($"https://cdn.plot.ly/plotly-{pinned}.min.js", PlotlyScript.CdnUrl);
    }
}
