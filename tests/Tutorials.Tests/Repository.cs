namespace Tutorials.Tests;

/// <summary>The repository the tests run in.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder above the test assembly that holds Notebooks.sln.</summary>
    public static string Root => s_root.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Notebooks.sln in any folder above {AppContext.BaseDirectory}");
    }
}
