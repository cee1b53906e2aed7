using System.Text.Json.Nodes;

namespace Tutorials.Tests;

/// <summary>Builds small nbformat 4.4 notebooks for runner tests.</summary>
internal static class CodeNotebook
{
    /// <summary>A notebook with one unexecuted code cell per source.</summary>
    public static JsonObject Of(params string[] sources) => new()
    {
        ["cells"] = new JsonArray(sources.Select(source => (JsonNode)new JsonObject
        {
            ["cell_type"] = "code",
            ["metadata"] = new JsonObject(),
            ["source"] = source,
            ["outputs"] = new JsonArray(),
            ["execution_count"] = null,
        }).ToArray()),
        ["metadata"] = new JsonObject(),
        ["nbformat"] = 4,
        ["nbformat_minor"] = 4,
    };

    /// <summary>This repository's Release FasterSharp.dll, which small test notebooks reference with <c>#r</c>.</summary>
    public static string FasterSharpDll()
    {
        var path = Path.Combine(Repository.Root, "src", "FasterSharp", "bin", "Release", "net10.0", "FasterSharp.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build Release first (dotnet build Notebooks.sln -c Release)");
        return path;
    }

    /// <summary>The text of a cell's stream outputs, joined.</summary>
    public static string StreamText(JsonNode cell) => string.Concat(cell["outputs"]!.AsArray().Select(o => o!["text"] switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    }));
}
