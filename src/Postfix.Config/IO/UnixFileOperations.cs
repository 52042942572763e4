using System.Runtime.InteropServices;

namespace Postfix.Config.IO;

/// <summary>The real <see cref="IUnixFileOperations"/>: <c>statx(2)</c>, <c>chown(2)</c>, <c>open(2)</c> + <c>fsync(2)</c>.</summary>
public sealed partial class UnixFileOperations : IUnixFileOperations
{
    // O_RDONLY and O_CLOEXEC have these values on every Linux architecture .NET runs on. O_DIRECTORY does not (it is
    // 0x4000 on arm64, where 0x10000 is O_DIRECT), and a directory opens read-only without it.
    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000;

    private UnixFileOperations()
    {
    }

    /// <summary>The shared instance.</summary>
    public static UnixFileOperations Instance { get; } = new();

    /// <inheritdoc/>
    public (uint Uid, uint Gid)? GetOwner(string path) => UnixOwner.Get(path);

    /// <inheritdoc/>
    public bool SetOwner(string path, uint uid, uint gid) => UnixOwner.Set(path, uid, gid);

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ORdOnly | OCloexec);
        if (fd < 0)
        {
            throw new IOException($"open directory {directory}: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync directory {directory}: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
