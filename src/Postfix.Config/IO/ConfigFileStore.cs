using System.IO.Abstractions;
using System.Security.Cryptography;

namespace Postfix.Config.IO;

/// <summary>
/// Reads and writes configuration files through <see cref="IFileSystem"/>. Saving is atomic: the new content goes to
/// <c>PATH.tmp</c> under Postfix's own edit lock, is flushed to disk and then renamed over the original, so a reader
/// sees either the old or the new file, never a half-written one, and concurrent <c>postconf</c> edits are not lost. The original's permissions (and, on the real file
/// system as root, its owner) are kept, and a save is refused when the file changed since it was loaded.
/// </summary>
public sealed class ConfigFileStore
{
    /// <summary>The temporary file's suffix: Postfix's <c>EDIT_FILE_SUFFIX</c>.</summary>
    public const string TemporarySuffix = ".tmp";

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
        var bytes = await ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return new LoadedFile(path, bytes, Stamp(path, bytes));
    }

    /// <summary>Reads a file's bytes and stamp.</summary>
    /// <param name="path">The file to read.</param>
    public LoadedFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ReadAllBytes(path);
        return new LoadedFile(path, bytes, Stamp(path, bytes));
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> atomically, with Postfix's own cooperative
    /// protocol (<c>edit_file(3)</c>, used by <c>postconf -e</c>, <c>-X</c>, <c>-M</c>, …): the new content is written
    /// to <c>PATH.tmp</c> while holding an exclusive lock on it, flushed to disk, given the original's permissions and
    /// renamed over <paramref name="path"/> before the lock is released. Concurrent <c>postconf</c> edits and saves
    /// through this store therefore take turns, and the change check below runs under the lock, so no update is
    /// lost. When <paramref name="expected"/> is given and the file on disk no longer matches it, throws
    /// <see cref="FileChangedException"/> unless <see cref="SaveOptions.Force"/> is set. A file that does not exist
    /// yet is created with mode 0644.
    /// </summary>
    /// <remarks>
    /// A process killed during a save leaves the original untouched and at most <c>PATH.tmp</c> behind (see
    /// <see cref="FindLeftoverTemporaryFile"/>); the next save, or the next <c>postconf -e</c>, reuses it.
    /// When the file system refuses the write (full, read-only, no permission) the original is untouched, the
    /// temporary file is removed, and the exception (<see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>) names the file and says so.
    /// </remarks>
    /// <param name="path">The file to write.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="expected">The stamp from when the file was loaded, or null for no check.</param>
    /// <param name="options">Backup and overwrite options.</param>
    /// <param name="cancellationToken">Cancels the write before the rename.</param>
    /// <returns>The stamp of the file as written.</returns>
    /// <exception cref="FileChangedException">The file changed or was removed since it was loaded.</exception>
    /// <exception cref="IOException">The lock could not be had in <see cref="SaveOptions.LockTimeout"/>, or the
    /// write failed (for example: no space left on device); the original is untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write next to the file; the original is untouched.</exception>
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
        var temp = fullPath + TemporarySuffix;
        var stream = await LockTemporaryAsync(path, temp, options, cancellationToken).ConfigureAwait(false);
        var renamed = false;
        try
        {
            var exists = _fileSystem.File.Exists(fullPath);
            if (expected is not null && !options.Force)
            {
                if (!exists)
                {
                    throw new FileChangedException($"{path}: the file was removed after it was loaded; not overwriting it.");
                }

                var current = Stamp(fullPath, await ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false));
                if (current.Length != expected.Length || current.Sha256 != expected.Sha256)
                {
                    throw new FileChangedException($"{path}: the file changed after it was loaded; not overwriting it.");
                }
            }

            try
            {
                stream.SetLength(0);
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
                CopyPermissions(exists ? fullPath : null, temp);
                cancellationToken.ThrowIfCancellationRequested();
                if (exists && options.BackupSuffix is { Length: > 0 } suffix)
                {
                    _fileSystem.File.Copy(fullPath, fullPath + suffix, overwrite: true);
                }

                // Rename while still holding the lock, as edit_file_close() does.
                _fileSystem.File.Move(temp, fullPath, overwrite: true);
                renamed = true;
            }
            catch (IOException e) when (e is not FileChangedException)
            {
                throw new IOException($"{path}: not saved, the file is unchanged: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException($"{path}: not saved, the file is unchanged: {e.Message}", e);
            }
        }
        finally
        {
            if (!renamed)
            {
                // edit_file_cleanup(): remove the temporary file while the lock is still held.
                try
                {
                    _fileSystem.File.Delete(temp);
                }
                catch (IOException)
                {
                    // Left behind; FindLeftoverTemporaryFile reports it and the next save reuses it.
                }
                catch (UnauthorizedAccessException)
                {
                    // As above.
                }
            }

            await stream.DisposeAsync().ConfigureAwait(false);
        }

        // The caller owns content and may reuse it: hash it now.
        return new FileStamp(content.Length, _fileSystem.File.GetLastWriteTimeUtc(fullPath), Convert.ToHexString(SHA256.HashData(content.Span)));
    }

    /// <summary>
    /// The temporary file a save of <paramref name="path"/> uses (<c>PATH.tmp</c>, as Postfix's <c>edit_file(3)</c>)
    /// when it exists and no program holds its lock: what a save or a <c>postconf</c> edit left behind when it was
    /// killed. Null when there is none, or when a save is in progress right now.
    /// </summary>
    /// <param name="path">The configuration file.</param>
    /// <returns>The leftover file's full path, or null.</returns>
    public string? FindLeftoverTemporaryFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = _fileSystem.Path.GetFullPath(path) + TemporarySuffix;
        if (!_fileSystem.File.Exists(temp))
        {
            return null;
        }

        try
        {
            using var probe = _fileSystem.FileStream.New(temp, FileMode.Open, FileAccess.Read, FileShare.None);
            return temp;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return null; // Locked: a save is running.
        }
    }

    /// <summary>
    /// edit_file_open(): open or create <c>PATH.tmp</c> (mode 0600), take the exclusive lock (flock(2) on Linux, the
    /// lock Postfix uses there), and make sure the path still names the locked file: another writer may have renamed
    /// it into place while we waited.
    /// </summary>
    private async Task<FileSystemStream> LockTemporaryAsync(string path, string temp, SaveOptions options, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.LockTimeout;
        var delay = 5;
        var unenforced = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileSystemStream? stream = null;
            try
            {
                var streamOptions = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    // Created without group or other access, as edit_file_open() does; the final mode comes at the end.
                    streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                stream = _fileSystem.FileStream.New(temp, streamOptions);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException) && IsLockConflict(e))
            {
                // Another writer holds the lock.
            }
            catch (IOException e)
            {
                throw new IOException($"{path}: not saved, the file is unchanged: open {temp}: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException($"{path}: not saved, the file is unchanged: open {temp}: {e.Message}", e);
            }

            if (stream is not null)
            {
                if (StillNamedByPath(temp) || ++unenforced >= 3)
                {
                    // Three probes in a row that could open the locked file mean the file system does not enforce
                    // locks at all (a test double); a real race does not repeat like that.
                    return stream;
                }

                await stream.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new IOException($"{path}: not saved, the file is unchanged: {temp} is locked by another program (a postconf edit?) for more than {options.LockTimeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }

    /// <summary>
    /// Whether <paramref name="temp"/> still names the file we hold locked: a second exclusive open of the path must
    /// fail while we hold the lock; if it succeeds, the path names another file now.
    /// </summary>
    private bool StillNamedByPath(string temp)
    {
        try
        {
            using var probe = _fileSystem.FileStream.New(temp, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false; // Renamed away while we waited for the lock.
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>
    /// Reads a whole file, waiting out a writer's exclusive lock: postconf (and this store) rename the locked
    /// temporary file into place before they unlock it, and .NET takes a shared flock(2) on every file it opens, so for
    /// a moment the new main.cf cannot be opened (found by the postconf race test: a load failed with "being used by
    /// another process").
    /// </summary>
    private async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        var delay = 2;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _fileSystem.File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (attempt < 40 && e is not (FileNotFoundException or DirectoryNotFoundException) && IsLockConflict(e))
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }

    /// <summary>The synchronous twin of <see cref="ReadAllBytesAsync"/>: a synchronous load stays on the caller's
    /// thread (the asynchronous file read completes on a thread-pool thread; a one-shot CLI run then starts one).</summary>
    private byte[] ReadAllBytes(string path)
    {
        var delay = 2;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return _fileSystem.File.ReadAllBytes(path);
            }
            catch (IOException e) when (attempt < 40 && e is not (FileNotFoundException or DirectoryNotFoundException) && IsLockConflict(e))
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }

    private static bool IsLockConflict(IOException e) =>
        // EWOULDBLOCK from flock(LOCK_EX | LOCK_NB) surfaces as a sharing violation (0x80070020) on .NET.
        e.HResult == unchecked((int)0x80070020) || e.HResult == 11 || e.Message.Contains("being used by another process", StringComparison.Ordinal);

    // bytes is a fresh array this store read and hands over: the stamp hashes it when asked.
    private FileStamp Stamp(string path, byte[] bytes) => new(bytes.Length, _fileSystem.File.GetLastWriteTimeUtc(path), bytes.AsMemory());

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
