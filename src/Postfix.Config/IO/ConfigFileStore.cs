using System.IO.Abstractions;
using System.Security.Cryptography;

namespace Postfix.Config.IO;

/// <summary>
/// Reads and writes configuration files through <see cref="IFileSystem"/>. Saving is atomic: the new content goes to
/// a temporary file in the same directory, is flushed to disk and then renamed over the original, so a reader sees
/// either the old or the new file, never a half-written one. The original's permissions (and, on the real file
/// system as root, its owner) are kept, and a save is refused when the file changed since it was loaded.
/// </summary>
public sealed class ConfigFileStore
{
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates a store over the real file system.</summary>
    public ConfigFileStore()
        : this(new FileSystem())
    {
    }

    /// <summary>Creates a store over <paramref name="fileSystem"/>.</summary>
    /// <param name="fileSystem">The file system to use (a mock in tests).</param>
    public ConfigFileStore(IFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
    }

    /// <summary>The file system this store uses.</summary>
    public IFileSystem FileSystem => _fileSystem;

    /// <summary>Reads a file's bytes and stamp.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<LoadedFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await _fileSystem.File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return new LoadedFile(path, bytes, Stamp(path, bytes));
    }

    /// <summary>Reads a file's bytes and stamp.</summary>
    /// <param name="path">The file to read.</param>
    public LoadedFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = _fileSystem.File.ReadAllBytes(path);
        return new LoadedFile(path, bytes, Stamp(path, bytes));
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> atomically. When <paramref name="expected"/> is
    /// given and the file on disk no longer matches it, throws <see cref="FileChangedException"/> unless
    /// <see cref="SaveOptions.Force"/> is set. A file that does not exist yet is created with mode 0644.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="expected">The stamp from when the file was loaded, or null for no check.</param>
    /// <param name="options">Backup and overwrite options.</param>
    /// <param name="cancellationToken">Cancels the write before the rename.</param>
    /// <returns>The stamp of the file as written.</returns>
    public async Task<FileStamp> SaveAsync(
        string path,
        ReadOnlyMemory<byte> content,
        FileStamp? expected = null,
        SaveOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SaveOptions.Default;
        var fullPath = _fileSystem.Path.GetFullPath(path);
        var exists = _fileSystem.File.Exists(fullPath);
        if (expected is not null && !options.Force)
        {
            if (!exists)
            {
                throw new FileChangedException($"{path}: the file was removed after it was loaded; not overwriting it.");
            }

            var current = Stamp(fullPath, await _fileSystem.File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false));
            if (current.Length != expected.Length || current.Sha256 != expected.Sha256)
            {
                throw new FileChangedException($"{path}: the file changed after it was loaded; not overwriting it.");
            }
        }

        var directory = _fileSystem.Path.GetDirectoryName(fullPath) ?? ".";
        var temp = _fileSystem.Path.Combine(
            directory,
            "." + _fileSystem.Path.GetFileName(fullPath) + ".tmp-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var stream = _fileSystem.FileStream.New(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            CopyPermissions(exists ? fullPath : null, temp);
            cancellationToken.ThrowIfCancellationRequested();
            if (exists && options.BackupSuffix is { Length: > 0 } suffix)
            {
                _fileSystem.File.Copy(fullPath, fullPath + suffix, overwrite: true);
            }

            _fileSystem.File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            if (_fileSystem.File.Exists(temp))
            {
                _fileSystem.File.Delete(temp);
            }

            throw;
        }

        return Stamp(fullPath, content.Span);
    }

    private FileStamp Stamp(string path, ReadOnlySpan<byte> bytes) => new(
        bytes.Length,
        _fileSystem.File.GetLastWriteTimeUtc(path),
        Convert.ToHexString(SHA256.HashData(bytes)));

    private void CopyPermissions(string? original, string temp)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = original is null
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            : _fileSystem.File.GetUnixFileMode(original);
        _fileSystem.File.SetUnixFileMode(temp, mode);
        // IFileSystem has no owner: the OS copies it, and only when the temp file just written through the file system
        // is on the disk the OS sees (for a file system of another kind it is not, and nothing is touched). The same
        // code runs for every file system; no type check.
        if (original is not null && UnixOwner.Get(temp) is { } mine && UnixOwner.Get(original) is { } owner && mine != owner)
        {
            UnixOwner.Set(temp, owner.Uid, owner.Gid);
        }
    }
}
