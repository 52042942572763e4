namespace Postfix.Config.IO;

/// <summary>
/// The POSIX file operations that <see cref="System.IO.Abstractions.IFileSystem"/> does not cover: a file's owner and
/// flushing a directory to disk after a rename. <see cref="UnixFileOperations.Instance"/> is the real one; tests hand
/// in a fake that records the calls (or fails them).
/// </summary>
public interface IUnixFileOperations
{
    /// <summary>The owner and group of <paramref name="path"/>, or null where that cannot be read.</summary>
    /// <param name="path">The file.</param>
    (uint Uid, uint Gid)? GetOwner(string path);

    /// <summary>Sets the owner and group of <paramref name="path"/>; false when that was refused (not running as root).</summary>
    /// <param name="path">The file.</param>
    /// <param name="uid">The user ID.</param>
    /// <param name="gid">The group ID.</param>
    bool SetOwner(string path, uint uid, uint gid);

    /// <summary>Flushes a directory's entries to disk (<c>fsync(2)</c> on the directory), so that a rename in it survives a crash.</summary>
    /// <param name="directory">The directory.</param>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    void SyncDirectory(string directory);
}
