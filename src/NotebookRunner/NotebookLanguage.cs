using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner;

/// <summary>
/// Whether a notebook's metadata says it is for the C# kernel. The runner would otherwise run another language's
/// code as C# and save the compile errors into the notebook under a C# kernelspec. A notebook that names no kernel is
/// taken as C# (the runner writes the C# metadata into it).
/// </summary>
internal static class NotebookLanguage
{
    private const string CSharpKernelName = "csharp"; // .NET Interactive's name for its C# kernel

    /// <summary>Says what in <paramref name="root"/> names another kernel or language, or null when nothing does.</summary>
    /// <param name="root">The notebook document.</param>
    /// <returns>One phrase naming the field and its value, or null.</returns>
    /// <remarks>
    /// Another language: a <c>kernelspec</c> that is not an object, or whose <c>language</c> is not C# (<c>C#</c> or
    /// <c>csharp</c>, any case), or that has no <c>language</c> and a <c>name</c> other than <c>.net-csharp</c>; a
    /// <c>language_info.name</c> other than C# or <c>polyglot-notebook</c> (what VS Code's Polyglot Notebooks writes);
    /// a Polyglot default kernel, or a code cell's .NET Interactive kernel or language, other than <c>csharp</c>.
    /// </remarks>
    public static string? OtherThanCSharp(JsonObject root)
    {
        if (root["metadata"] is not JsonObject metadata)
        {
            return null;
        }

        if (metadata["kernelspec"] is { } kernelspec)
        {
            if (kernelspec is not JsonObject spec)
            {
                return $"its 'kernelspec' is a JSON {kernelspec.GetValueKind().ToString().ToLowerInvariant()}, not an object";
            }

            var language = Text(spec["language"]);
            var name = Text(spec["name"]);
            if (language is not null ? !IsCSharp(language) : name is not null && name != Notebook.KernelName)
            {
                return $"its kernelspec is '{name}' (language '{language ?? "not given"}')";
            }
        }

        if (metadata["language_info"] is JsonObject languageInfo && Text(languageInfo["name"]) is { } infoName
            && !IsCSharp(infoName) && infoName != "polyglot-notebook")
        {
            return $"its language_info names the language '{infoName}'";
        }

        if (Text(metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]) is { } defaultKernel && defaultKernel != CSharpKernelName)
        {
            return $"its Polyglot Notebooks default kernel is '{defaultKernel}'";
        }

        var cells = root["cells"] as JsonArray ?? [];
        for (var i = 0; i < cells.Count; i++)
        {
            if (Text(cells[i]?["cell_type"]) == "code" && cells[i]?["metadata"] is JsonObject cellMetadata
                && (Text(cellMetadata["polyglot_notebook"]?["kernelName"]) ?? Text(cellMetadata["dotnet_interactive"]?["language"])) is { } kernel
                && kernel != CSharpKernelName)
            {
                return $"its cell {i + 1} is for the '{kernel}' kernel";
            }
        }

        return null;
    }

    private static bool IsCSharp(string language) =>
        language.Equals("C#", StringComparison.OrdinalIgnoreCase) || language.Equals("csharp", StringComparison.OrdinalIgnoreCase);

    // The string value of a node, or null when it is missing or not a string.
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
