using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.Apply;
using Postfix.Config.IO;

namespace Postfix.Config.Tests.Apply;

public sealed class ChangeSetTests
{
    private const string Dir = "/etc/postfix";
    private const string MainCf = "/etc/postfix/main.cf";
    private const string MasterCf = "/etc/postfix/master.cf";
    private const string Transport = "/etc/postfix/transport";
    private const string Access = "/etc/postfix/access";

    private static readonly byte[] MainBytes = Encoding.ASCII.GetBytes(
        "# main.cf\nmyhostname = mail.example.com\ntransport_maps = hash:/etc/postfix/transport\n"
        + "smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/access\n");

    private static readonly byte[] MasterBytes = Encoding.ASCII.GetBytes(
        "smtp      inet  n       -       y       -       -       smtpd\nsmtp      unix  -       -       y       -       -       smtp\n");

    private static readonly byte[] TransportBytes = Encoding.ASCII.GetBytes("old.example smtp:[127.0.0.1]:9\n");

    private static readonly byte[] AccessBytes = Encoding.ASCII.GetBytes("spam@example.net REJECT\n");

    [Fact]
    public async Task CommitAsync_TableAndMainCf_WritesBuildsChecksAndReloadsInOrder()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.Stage(Transport, Encoding.ASCII.GetBytes("old.example smtp:[127.0.0.1]:9\nexample.com smtp-ipv4:\n"));
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([Transport, MainCf], result.Files.Select(f => f.Path));
        Assert.Equal(["postmap hash:/etc/postfix/transport"], result.TablesBuilt.Select(b => b.ToString()));
        Assert.Equal(
            ["postfix -c /etc/postfix check", "postmap -c /etc/postfix hash:/etc/postfix/transport", "postfix -c /etc/postfix status", "postfix -c /etc/postfix reload"],
            runner.Calls);
        Assert.Equal(ReloadOutcome.Reloaded, result.Reload);
        Assert.Equal("DB:old.example smtp:[127.0.0.1]:9\nexample.com smtp-ipv4:\n", fs.File.ReadAllText(Transport + ".db"));
        Assert.EndsWith("smtp_tls_loglevel = 1\n", fs.File.ReadAllText(MainCf), StringComparison.Ordinal);
        Assert.Equal([Dir, Dir], unix.Synced);
        Assert.Empty(fs.Directory.GetFiles(Dir, ".*pfnet-*"));
        Assert.NotNull(result.HistoryId);
    }

    [Fact]
    public async Task CommitAsync_SameChangeTwice_SecondWritesBuildsAndReloadsNothing()
    {
        var (fs, runner, unix) = Setup();
        var first = Open(fs, runner, unix);
        first.StageMainCf(first.MainCf.AddListItem("smtpd_sender_restrictions", "reject_unknown_sender_domain"));
        Assert.True((await first.CommitAsync(TestContext.Current.CancellationToken)).Succeeded);
        var files = Snapshot(fs);
        runner.Calls.Clear();

        var second = Open(fs, runner, unix);
        second.StageMainCf(second.MainCf.AddListItem("smtpd_sender_restrictions", "reject_unknown_sender_domain"));
        var result = await second.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.False(result.Changed);
        Assert.Equal(ReloadOutcome.NotNeeded, result.Reload);
        Assert.Empty(runner.Calls);
        Assert.Equal(files, Snapshot(fs));
        Assert.Equal("", second.ToUnifiedDiff());
    }

    [Fact]
    public async Task CommitAsync_SameInstanceCommittedAgain_DoesNothing()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.Stage(Access, Encoding.ASCII.GetBytes("spam@example.net REJECT\nhacked@example.org REJECT\n"));
        Assert.True((await set.CommitAsync(TestContext.Current.CancellationToken)).Succeeded);
        runner.Calls.Clear();

        var again = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.False(again.Changed);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public async Task CommitAsync_FileChangedAfterRead_FailsAtVerifyAndWritesNothing()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));
        fs.File.AppendAllText(MainCf, "# someone else's edit\n");
        var files = Snapshot(fs);

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CommitStep.Verify, result.FailedStep);
        Assert.Contains(MainCf, result.Error, StringComparison.Ordinal);
        Assert.Equal(files, Snapshot(fs));
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public async Task CommitAsync_MainCfWithError_FailsAtCheckBeforeWriting()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.Stage(MainCf, (byte[])[.. MainBytes, .. "this line has no equals sign\n"u8]);
        var files = Snapshot(fs);

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CommitStep.Check, result.FailedStep);
        Assert.Contains(result.Diagnostics, d => d.Severity == Postfix.Config.Syntax.DiagnosticSeverity.Error);
        Assert.Equal(files, Snapshot(fs));
        Assert.Empty(runner.Calls);
    }

    public static TheoryData<string> FailurePoints => new()
    {
        "write:" + Transport, "write:" + MainCf, "write:/etc/postfix/dh2048.pem",
        "postfix -c /etc/postfix check",
        "postmap -c /etc/postfix hash:/etc/postfix/transport",
        "postmap -c /etc/postfix hash:/etc/postfix/access",
        "postfix -c /etc/postfix reload",
    };

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public async Task CommitAsync_FailureAtAnyStep_LeavesEveryFileByteIdenticalAndNeverReloads(string failAt)
    {
        var (mock, _, unix) = Setup();
        var fs = new FaultyFileSystem(mock);
        var runner = new FakeRunner(fs);
        var set = ChangeSet.Open(Dir, new ChangeSetOptions { FileSystem = fs, Runner = runner, UnixFileOperations = unix });
        set.Stage(Transport, Encoding.ASCII.GetBytes("example.com smtp-ipv6:\n"));
        set.Stage(Access, Encoding.ASCII.GetBytes("spam@example.net REJECT\nhacked@example.org 550 go away\n"));
        set.Stage("/etc/postfix/dh2048.pem", "-----BEGIN DH PARAMETERS-----\n"u8.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        set.StageMainCf(set.MainCf.Set("smtpd_tls_dh1024_param_file", "/etc/postfix/dh2048.pem"));
        var before = Snapshot(mock);
        if (failAt.StartsWith("write:", StringComparison.Ordinal))
        {
            fs.FailMoveTo.Add(failAt["write:".Length..]);
        }
        else
        {
            runner.Fail.Add(failAt);
        }

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        var expectedStep = failAt switch
        {
            _ when failAt.StartsWith("write:", StringComparison.Ordinal) => CommitStep.Write,
            _ when failAt.EndsWith("check", StringComparison.Ordinal) => CommitStep.PostfixCheck,
            _ when failAt.StartsWith("postmap", StringComparison.Ordinal) => CommitStep.BuildTables,
            _ => CommitStep.Reload,
        };
        Assert.Equal(expectedStep, result.FailedStep);
        Assert.Equal(before, Snapshot(mock));
        Assert.DoesNotContain(runner.Calls, c => c.EndsWith(" reload", StringComparison.Ordinal) && c != failAt);
        Assert.Null(ChangeSet.OpenUndo(Dir, new ChangeSetOptions { FileSystem = fs, Runner = runner, UnixFileOperations = unix }));
    }

    [Fact]
    public async Task CommitAsync_PostmapFailsOnSecondTable_FirstTableRebuiltFromRestoredSource()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.Stage(Transport, Encoding.ASCII.GetBytes("example.com smtp-ipv6:\n"));
        set.Stage(Access, Encoding.ASCII.GetBytes("hacked@example.org REJECT\n"));
        runner.Fail.Add("postmap -c /etc/postfix hash:/etc/postfix/access");

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CommitStep.BuildTables, result.FailedStep);
        Assert.Equal(TransportBytes, fs.File.ReadAllBytes(Transport));
        Assert.Equal([.. "DB:"u8, .. TransportBytes], fs.File.ReadAllBytes(Transport + ".db"));
        Assert.Equal([.. "DB:"u8, .. AccessBytes], fs.File.ReadAllBytes(Access + ".db"));
        Assert.Contains("postmap hash:/etc/postfix/transport", result.Restored);
    }

    [Fact]
    public async Task CommitAsync_RestartParameterChanged_ReportsRestartAndStillReloads()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("inet_protocols", "all").Set("inet_interfaces", "loopback-only").Set("smtp_tls_loglevel", "1"));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["inet_interfaces", "inet_protocols"], result.RestartRequiredBy);
        Assert.Equal(ReloadOutcome.Reloaded, result.Reload);
    }

    [Theory]
    [InlineData("my_interfaces = 127.0.0.1\ninet_interfaces = $my_interfaces\n", "my_interfaces", "127.0.0.1, [::1]", new[] { "inet_interfaces" })]
    [InlineData("my_interfaces = 127.0.0.1\ninet_interfaces = $my_interfaces\n", "smtp_tls_loglevel", "1", new string[0])]
    [InlineData("", "tcp_windowsize", "65536", new[] { "tcp_windowsize" })]
    [InlineData("inet_protocols = ipv4\n", "inet_protocols", "ipv4", new string[0])]
    public void RestartParameters_Changed_ComparesExpandedValues(string main, string name, string value, string[] expected)
    {
        var before = Postfix.Config.MainCf.MainCfDocument.Parse(Encoding.ASCII.GetBytes(main));
        Assert.Equal(expected, RestartParameters.Changed(before, before.Set(name, value)));
    }

    [Fact]
    public async Task CommitAsync_PostfixNotInstalled_SkipsCheckAndSaysSo()
    {
        var (fs, runner, unix) = Setup();
        runner.Missing.Add("postfix");
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(ReloadOutcome.NotInstalled, result.Reload);
        Assert.Contains("postfix check skipped: postfix is not installed", result.Log);
    }

    [Fact]
    public async Task CommitAsync_PostfixNotRunning_WritesAndReportsNoReload()
    {
        var (fs, runner, unix) = Setup();
        runner.Running = false;
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReloadOutcome.NotRunning, result.Reload);
        Assert.DoesNotContain(runner.Calls, c => c.EndsWith("reload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommitAsync_RealFileSystem_NewFileGetsItsModeExistingFilesKeepTheirsNoTempFilesLeft()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("pfnet-changeset-").FullName;
        try
        {
            var fs = new System.IO.Abstractions.FileSystem();
            File.WriteAllBytes(dir + "/main.cf", MainBytes);
            File.WriteAllBytes(dir + "/master.cf", MasterBytes);
            File.SetUnixFileMode(dir + "/main.cf", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var runner = new FakeRunner(fs);
            var unix = new FakeUnix();
            var set = ChangeSet.Open(dir, Options(fs, runner, unix));
            set.Stage(dir + "/dh2048.pem", "pem\n"u8.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            set.StageMainCf(set.MainCf.Set("smtpd_tls_dh1024_param_file", dir + "/dh2048.pem"));

            var result = await set.CommitAsync(TestContext.Current.CancellationToken);

            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir + "/dh2048.pem"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(dir + "/main.cf"));
            Assert.Equal(["dh2048.pem", "main.cf", "master.cf"], System.IO.Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => !n!.StartsWith(".postfix-net", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir + "/.postfix-net/history"));
            Assert.Equal([dir, dir], unix.Synced);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SyncDirectory_RealDirectory_Succeeds_MissingDirectory_Throws()
    {
        Postfix.Config.IO.UnixFileOperations.Instance.SyncDirectory(Path.GetTempPath());
        Assert.Throws<IOException>(() => Postfix.Config.IO.UnixFileOperations.Instance.SyncDirectory("/nonexistent-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task CommitAsync_StaleTable_IsRebuiltWithoutAnyFileChange()
    {
        var (fs, runner, unix) = Setup();
        fs.File.SetLastWriteTimeUtc(Access + ".db", DateTime.UtcNow.AddMinutes(-10));
        fs.File.SetLastWriteTimeUtc(Access, DateTime.UtcNow.AddMinutes(-5));
        var set = Open(fs, runner, unix);

        Assert.Equal([new TableBuild("hash", Access, false, TableBuildReason.Stale)], set.PlannedTableBuilds());
        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Files);
        Assert.Equal(["postmap hash:/etc/postfix/access"], result.TablesBuilt.Select(t => t.ToString()));
        Assert.Equal(ReloadOutcome.Reloaded, result.Reload);
        Assert.Empty(Open(fs, runner, unix).PlannedTableBuilds());
    }

    [Fact]
    public async Task CommitAsync_AliasDatabase_IsBuiltWithPostalias()
    {
        var (fs, runner, unix) = Setup();
        fs.File.WriteAllText("/etc/aliases", "postmaster: root\n");
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("alias_maps", "hash:/etc/aliases").Set("alias_database", "hash:/etc/aliases"));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["postalias hash:/etc/aliases"], result.TablesBuilt.Select(t => t.ToString()));
        Assert.Contains("postalias -c /etc/postfix hash:/etc/aliases", runner.Calls);
    }

    [Fact]
    public async Task OpenUndo_AfterCommit_PutsEveryFileBackAndRemovesCreatedOnes()
    {
        var (fs, runner, unix) = Setup();
        var before = Snapshot(fs);
        var set = Open(fs, runner, unix);
        set.Description = "test change";
        set.Stage("/etc/postfix/sender_access", "bad@example.org REJECT\n"u8.ToArray());
        set.StageMainCf(set.MainCf.AddListItem("smtpd_sender_restrictions", "check_sender_access hash:/etc/postfix/sender_access"));
        Assert.True((await set.CommitAsync(TestContext.Current.CancellationToken)).Succeeded);
        Assert.True(fs.File.Exists("/etc/postfix/sender_access.db"));

        var undo = ChangeSet.OpenUndo(Dir, Options(fs, runner, unix));
        Assert.NotNull(undo);
        Assert.Contains("test change", undo.Description, StringComparison.Ordinal);
        var result = await undo.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(before, Snapshot(fs));
        Assert.Null(ChangeSet.OpenUndo(Dir, Options(fs, runner, unix)));
    }

    [Fact]
    public async Task OpenUndo_FileEditedAfterCommit_Refuses()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));
        Assert.True((await set.CommitAsync(TestContext.Current.CancellationToken)).Succeeded);
        fs.File.AppendAllText(MainCf, "# hand edit\n");

        Assert.Throws<FileChangedException>(() => ChangeSet.OpenUndo(Dir, Options(fs, runner, unix)));
    }

    [Fact]
    public async Task CommitAsync_LockHeld_FailsAtLock()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("smtp_tls_loglevel", "1"));
        await using var held = fs.FileStream.New(Dir + "/.postfix-net.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CommitStep.Lock, result.FailedStep);
        Assert.Equal(MainBytes, fs.File.ReadAllBytes(MainCf));
    }

    [Fact]
    public void ToUnifiedDiff_MainCfEdit_ShowsTheChangedLineWithContext()
    {
        var (fs, runner, unix) = Setup();
        var set = Open(fs, runner, unix);
        set.StageMainCf(set.MainCf.Set("myhostname", "mx.example.com"));

        Assert.Equal(
            "--- a/etc/postfix/main.cf\n+++ b/etc/postfix/main.cf\n@@ -1,4 +1,4 @@\n # main.cf\n-myhostname = mail.example.com\n+myhostname = mx.example.com\n"
            + " transport_maps = hash:/etc/postfix/transport\n smtpd_sender_restrictions = check_sender_access hash:/etc/postfix/access\n",
            set.ToUnifiedDiff());
    }

    internal static (MockFileSystem Fs, FakeRunner Runner, FakeUnix Unix) Setup()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            [MainCf] = new(MainBytes),
            [MasterCf] = new(MasterBytes),
            [Transport] = new(TransportBytes),
            [Transport + ".db"] = new([.. "DB:"u8, .. TransportBytes]),
            [Access] = new(AccessBytes),
            [Access + ".db"] = new([.. "DB:"u8, .. AccessBytes]),
        });
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var path in new[] { MainCf, MasterCf, Transport, Access })
        {
            fs.File.SetLastWriteTimeUtc(path, old);
        }

        fs.File.SetLastWriteTimeUtc(Transport + ".db", old.AddSeconds(1));
        fs.File.SetLastWriteTimeUtc(Access + ".db", old.AddSeconds(1));
        return (fs, new FakeRunner(fs), new FakeUnix());
    }

    internal static ChangeSetOptions Options(System.IO.Abstractions.IFileSystem fs, FakeRunner runner, FakeUnix unix) =>
        new() { FileSystem = fs, Runner = runner, UnixFileOperations = unix };

    private static ChangeSet Open(MockFileSystem fs, FakeRunner runner, FakeUnix unix) => ChangeSet.Open(Dir, Options(fs, runner, unix));

    /// <summary>Every file outside the history and the lock file, with its bytes (as hex, so that xunit prints differences).</summary>
    internal static SortedDictionary<string, string> Snapshot(MockFileSystem fs)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in fs.AllFiles)
        {
            if (path.Contains("/.postfix-net", StringComparison.Ordinal))
            {
                continue;
            }

            result[path] = Convert.ToHexString(fs.File.ReadAllBytes(path));
        }

        return result;
    }
}
