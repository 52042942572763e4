using System.Diagnostics;
using Postfix.Config.IO;
using Postfix.SaveChild;
using Postfix.Testing;

namespace Postfix.Config.Tests.Hostile;

/// <summary>
/// Saving onto a full file system, a read-only one, and without permission: a clear error naming the file, the
/// original untouched, no temporary file left. Real faults: a tmpfs of 64 KiB (needs root and mount(2); skipped with
/// the reason otherwise, failed under CI=true), and a child process run as <c>nobody</c>.
/// </summary>
public sealed class SaveFaultTests
{
    [Fact]
    public async Task SaveAsync_FullThenReadOnlyTmpfs_ClearErrorOriginalUntouched()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-tmpfs-");
        var mounted = false;
        try
        {
            var mount = await Tool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", dir.FullName]);
            if (mount.ExitCode != 0)
            {
                Assert.False(RealPostfix.IsCi, $"cannot mount a tmpfs under CI: {mount.StderrText}");
                Assert.Skip($"cannot mount a tmpfs here ({mount.StderrText.Trim()}); needs root");
            }

            mounted = true;
            var path = Path.Combine(dir.FullName, "main.cf");
            var original = Versions.Content(1)[..20_000];
            await File.WriteAllBytesAsync(path, original, TestContext.Current.CancellationToken);
            var store = new ConfigFileStore();
            var loaded = await store.LoadAsync(path, TestContext.Current.CancellationToken);

            // 300 KB into 64 KiB: ENOSPC while writing the temporary file.
            var full = await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(path, new byte[300_000], loaded.Stamp, cancellationToken: TestContext.Current.CancellationToken));
            Assert.StartsWith($"{path}: not saved, the file is unchanged: ", full.Message, StringComparison.Ordinal);
            Assert.Contains("No space left on device", full.Message, StringComparison.Ordinal);
            Assert.Equal(original, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(["main.cf"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));

            // Read-only: EROFS when creating the temporary file.
            var remount = await Tool.RunAsync("mount", ["-o", "remount,ro", dir.FullName]);
            Assert.True(remount.ExitCode == 0, remount.StderrText);
            var readOnly = await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAsync(path, "x = y\n"u8.ToArray(), loaded.Stamp, cancellationToken: TestContext.Current.CancellationToken));
            Assert.True(readOnly is IOException or UnauthorizedAccessException, readOnly.ToString());
            Assert.StartsWith($"{path}: not saved, the file is unchanged: ", readOnly.Message, StringComparison.Ordinal);
            Assert.Equal(original, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(["main.cf"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));
        }
        finally
        {
            if (mounted)
            {
                await Tool.RunAsync("umount", [dir.FullName]);
            }

            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsync_NoPermission_ClearErrorOriginalUntouched()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "runs a child as nobody with setpriv");
        if (Environment.UserName != "root" || Tool.Find("setpriv") is null)
        {
            Assert.False(RealPostfix.IsCi, "CI runs as root with setpriv");
            Assert.Skip("needs root and setpriv to run the child as nobody");
        }

        // A directory nobody may not write into, readable by all; the child (running as nobody) tries one save.
        var dir = Directory.CreateTempSubdirectory("pfnet-perm-");
        try
        {
            File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var path = Path.Combine(dir.FullName, "main.cf");
            var original = Versions.Content(7);
            await File.WriteAllBytesAsync(path, original, TestContext.Current.CancellationToken);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            // The child's files must be readable by nobody: run it from a copy of this directory's build output.
            var child = Path.Combine(AppContext.BaseDirectory, "Postfix.SaveChild.dll");
            var result = await Tool.RunAsync(
                "setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", "exec", child, "--once", path],
                environment: new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp" });
            if (result.ExitCode != 1 && result.StderrText.Contains("Permission denied", StringComparison.Ordinal) && !result.StderrText.Contains("main.cf", StringComparison.Ordinal))
            {
                Assert.Skip($"the child cannot run as nobody here (build output not readable): {result.StderrText}");
            }

            Assert.True(result.ExitCode == 1, result.ToString());
            var line = Assert.Single(result.StderrText.TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"UnauthorizedAccessException: {path}: not saved, the file is unchanged: open {path}.tmp: ", line, StringComparison.Ordinal);
            Assert.Equal(original, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(["main.cf"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
