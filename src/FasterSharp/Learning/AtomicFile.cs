using FasterSharp.Data;

namespace FasterSharp.Learning;

/// <summary>Writes files whole or not at all, and opens files to read with errors that name them.</summary>
internal static class AtomicFile
{
    /// <summary>Rejects a path that cannot name a file to write (null, blank, an existing directory, invalid characters).</summary>
    public static void CheckWritablePath(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        if (path.Contains('\0')) throw new ArgumentException($"'{path.Replace("\0", "\\0")}' is not a valid file path: it contains a NUL character", parameterName);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"'{path}' is not a valid file path: {e.Message}", parameterName, e);
        }
        if (Directory.Exists(full)) throw new ArgumentException($"'{path}' is a directory; give a file path", parameterName);
        if (Path.GetFileName(full).Length == 0) throw new ArgumentException($"'{path}' names a folder, not a file", parameterName);
    }

    /// <summary>Checks that a file can be written at <paramref name="path"/> now: its folder is created (as
    /// <see cref="Write"/> would) and a temporary file is created there and deleted. Needed where a write comes late,
    /// e.g. after an epoch of training.</summary>
    /// <exception cref="ArgumentException">The folder cannot be created or written (the message says why).</exception>
    public static void CheckCanWrite(string path, string parameterName, string who)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ArgumentException($"{who} cannot write its checkpoint '{path}': {e.Message}", parameterName, e);
        }
    }

    /// <summary>Writes <paramref name="path"/> through a temporary file in the same folder that is flushed to disk and
    /// then renamed over the target, so readers see the old file or the whole new one. On failure the temporary
    /// file is removed and the old file is unchanged.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Opens an existing file to read: a clear error for a blank path, a directory or a missing file.</summary>
    public static FileStream OpenExisting(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        if (Directory.Exists(path)) throw new InvalidDataFileException(path, "is a directory, not a file");
        if (!File.Exists(path)) throw new FileNotFoundException($"no file at {path}", path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataFileException(path, "cannot be opened: " + e.Message, e);
        }
    }
}
