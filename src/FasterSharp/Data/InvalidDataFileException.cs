namespace FasterSharp.Data;

/// <summary>A data file is missing, truncated or malformed. The message names the file and what is wrong.</summary>
public sealed class InvalidDataFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public InvalidDataFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner) => FilePath = path;

    /// <summary>The file that is wrong.</summary>
    public string FilePath { get; }
}
