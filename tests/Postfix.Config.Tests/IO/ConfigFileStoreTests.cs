using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.IO;

namespace Postfix.Config.Tests.IO;

public sealed class ConfigFileStoreTests
{
    private static readonly byte[] Original = Encoding.ASCII.GetBytes("myhostname = a\n");
    private static readonly byte[] Updated = Encoding.ASCII.GetBytes("myhostname = b\n");

    [Fact]
    public async Task SaveAsync_UnchangedSinceLoad_ReplacesContentAndLeavesNoTempFile()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData> { ["/etc/postfix/main.cf"] = new(Original) });
        var store = new ConfigFileStore(fs);
        var loaded = await store.LoadAsync("/etc/postfix/main.cf");

        await store.SaveAsync("/etc/postfix/main.cf", Updated, loaded.Stamp);

        Assert.Equal(Updated, fs.File.ReadAllBytes("/etc/postfix/main.cf"));
        Assert.Equal(new[] { "main.cf" }, fs.Directory.GetFiles("/etc/postfix").Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_ChangedSinceLoad_RefusesAndKeepsTheOtherWritersContent()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData> { ["/etc/postfix/main.cf"] = new(Original) });
        var store = new ConfigFileStore(fs);
        var loaded = await store.LoadAsync("/etc/postfix/main.cf");
        var someoneElse = Encoding.ASCII.GetBytes("myhostname = c\n");
        fs.File.WriteAllBytes("/etc/postfix/main.cf", someoneElse);

        await Assert.ThrowsAsync<FileChangedException>(() => store.SaveAsync("/etc/postfix/main.cf", Updated, loaded.Stamp));

        Assert.Equal(someoneElse, fs.File.ReadAllBytes("/etc/postfix/main.cf"));
        Assert.Single(fs.Directory.GetFiles("/etc/postfix"));
    }

    [Fact]
    public async Task SaveAsync_ChangedSinceLoadButForced_Overwrites()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData> { ["/etc/postfix/main.cf"] = new(Original) });
        var store = new ConfigFileStore(fs);
        var loaded = await store.LoadAsync("/etc/postfix/main.cf");
        fs.File.WriteAllBytes("/etc/postfix/main.cf", Encoding.ASCII.GetBytes("x = y\n"));

        await store.SaveAsync("/etc/postfix/main.cf", Updated, loaded.Stamp, new SaveOptions { Force = true });

        Assert.Equal(Updated, fs.File.ReadAllBytes("/etc/postfix/main.cf"));
    }

    [Fact]
    public async Task SaveAsync_WithBackupSuffix_KeepsPreviousContent()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData> { ["/etc/postfix/main.cf"] = new(Original) });
        var store = new ConfigFileStore(fs);

        await store.SaveAsync("/etc/postfix/main.cf", Updated, options: new SaveOptions { BackupSuffix = ".bak" });

        Assert.Equal(Original, fs.File.ReadAllBytes("/etc/postfix/main.cf.bak"));
        Assert.Equal(Updated, fs.File.ReadAllBytes("/etc/postfix/main.cf"));
    }

    [Fact]
    public async Task SaveAsync_RealFileSystem_KeepsModeAndReplacesAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-store-");
        try
        {
            var path = Path.Combine(dir.FullName, "main.cf");
            await File.WriteAllBytesAsync(path, Original);
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            File.SetUnixFileMode(path, mode);
            var store = new ConfigFileStore();
            var loaded = await store.LoadAsync(path);

            await store.SaveAsync(path, Updated, loaded.Stamp);

            Assert.Equal(Updated, await File.ReadAllBytesAsync(path));
            Assert.Equal(mode, File.GetUnixFileMode(path));
            Assert.Single(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsync_RealFileSystemAsRoot_KeepsOwner()
    {
        // The owner is copied by the OS (IFileSystem has none); root can give a file away, so the test can see it kept.
        Assert.SkipUnless(Environment.UserName == "root" && OperatingSystem.IsLinux(), "needs root on Linux to chown");
        var dir = Directory.CreateTempSubdirectory("pfnet-store-");
        try
        {
            var path = Path.Combine(dir.FullName, "main.cf");
            await File.WriteAllBytesAsync(path, Original);
            Assert.True(UnixOwner.Set(path, 1, 2));
            var store = new ConfigFileStore(new System.IO.Abstractions.FileSystem());
            var loaded = await store.LoadAsync(path);

            await store.SaveAsync(path, Updated, loaded.Stamp);

            Assert.Equal(Updated, await File.ReadAllBytesAsync(path));
            Assert.Equal(((uint)1, (uint)2), UnixOwner.Get(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsync_MockFileSystemAtARealPath_RunsTheSamePathAndLeavesTheDiskAlone()
    {
        // The production code has no "is the real file system" check: through a test file system the owner step runs
        // too, and must find nothing on the real disk to change, even when the same path exists there.
        var dir = Directory.CreateTempSubdirectory("pfnet-store-");
        try
        {
            var path = Path.Combine(dir.FullName, "main.cf");
            await File.WriteAllBytesAsync(path, Original);
            var before = (File.GetLastWriteTimeUtc(path), UnixOwner.Get(path), File.GetUnixFileMode(path));
            var fs = new MockFileSystem(new Dictionary<string, MockFileData> { [path] = new(Original) });
            var store = new ConfigFileStore(fs);
            var loaded = await store.LoadAsync(path);

            await store.SaveAsync(path, Updated, loaded.Stamp);

            Assert.Equal(Updated, fs.File.ReadAllBytes(path));
            Assert.Equal(Original, await File.ReadAllBytesAsync(path));
            Assert.Equal(before, (File.GetLastWriteTimeUtc(path), UnixOwner.Get(path), File.GetUnixFileMode(path)));
            Assert.Single(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
