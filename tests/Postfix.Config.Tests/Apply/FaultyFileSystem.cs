using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;

namespace Postfix.Config.Tests.Apply;

/// <summary>A <see cref="MockFileSystem"/> or the real file system, whose renames onto chosen paths fail once (a full disk, a read-only mount).</summary>
internal sealed class FaultyFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;

    public FaultyFileSystem(MockFileSystem inner)
    {
        _inner = inner;
        File = new FaultyFile(inner, this);
    }

    public FaultyFileSystem(FileSystem inner)
    {
        _inner = inner;
        File = new FaultyRealFile(inner, this);
    }

    /// <summary>Paths whose next rename onto them throws <see cref="IOException"/>.</summary>
    public HashSet<string> FailMoveTo { get; } = [];

    public IFile File { get; }

    public IDirectory Directory => _inner.Directory;

    public IFileInfoFactory FileInfo => _inner.FileInfo;

    public IFileStreamFactory FileStream => _inner.FileStream;

    public IPath Path => _inner.Path;

    public IDirectoryInfoFactory DirectoryInfo => _inner.DirectoryInfo;

    public IDriveInfoFactory DriveInfo => _inner.DriveInfo;

    public IFileSystemWatcherFactory FileSystemWatcher => _inner.FileSystemWatcher;

    public IFileVersionInfoFactory FileVersionInfo => _inner.FileVersionInfo;

    public IRandomAccess RandomAccess => _inner.RandomAccess;

    private sealed class FaultyFile(MockFileSystem inner, FaultyFileSystem owner) : MockFile(inner)
    {
        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (owner.FailMoveTo.Remove(destFileName))
            {
                throw new IOException($"rename {sourceFileName} -> {destFileName}: No space left on device");
            }

            base.Move(sourceFileName, destFileName, overwrite);
        }
    }

    private sealed class FaultyRealFile(FileSystem inner, FaultyFileSystem owner) : FileWrapper(inner)
    {
        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (owner.FailMoveTo.Remove(destFileName))
            {
                throw new IOException($"rename {sourceFileName} -> {destFileName}: No space left on device");
            }

            base.Move(sourceFileName, destFileName, overwrite);
        }
    }
}
