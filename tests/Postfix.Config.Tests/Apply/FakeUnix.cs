using Postfix.Config.IO;

namespace Postfix.Config.Tests.Apply;

/// <summary>Records directory flushes; owners are unknown (as on a file system without them).</summary>
internal sealed class FakeUnix : IUnixFileOperations
{
    public List<string> Synced { get; } = [];

    public (uint Uid, uint Gid)? GetOwner(string path) => null;

    public bool SetOwner(string path, uint uid, uint gid) => false;

    public void SyncDirectory(string directory) => Synced.Add(directory);
}
