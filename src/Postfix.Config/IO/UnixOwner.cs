using System.Runtime.InteropServices;

namespace Postfix.Config.IO;

/// <summary>Reads and sets a file's owner on Linux through <c>statx(2)</c> and <c>chown(2)</c>.</summary>
internal static partial class UnixOwner
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The owner and group of <paramref name="path"/>, or null where that cannot be read.</summary>
    public static (uint Uid, uint Gid)? Get(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx has a fixed layout on every architecture: stx_uid at offset 20, stx_gid at 24.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            unsafe
            {
                fixed (byte* p = buffer)
                {
                    if (Statx(AtFdCwd, path, 0, StatxBasicStats, p) != 0)
                    {
                        return null;
                    }
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToUInt32(buffer[20..]), BitConverter.ToUInt32(buffer[24..]));
    }

    /// <summary>Sets the owner and group; false when that was refused (for example when not running as root).</summary>
    public static bool Set(string path, uint uid, uint gid) => OperatingSystem.IsLinux() && Chown(path, uid, gid) == 0;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint uid, uint gid);
}
