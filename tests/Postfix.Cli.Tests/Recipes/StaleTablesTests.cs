using System.Text;
using Postfix.Config.Apply;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Recipes;

/// <summary>
/// Issue 17, item 2: indexed tables named in main.cf or master.cf whose database is older than the source are reported
/// by <c>postfix-net check</c> (as Postfix warns) and rebuilt by a change set, each with its own type and program —
/// checked with the real <c>postmap -q</c>/<c>postalias -q</c>, not by file contents.
/// </summary>
public sealed class StaleTablesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pfnet-stale-").FullName;

    [Fact]
    public async Task StaleTables_InMainCfAndMasterCf_CheckReportsThem_ChangeSetRebuildsThem()
    {
        RealPostfix.Require("postmap", "postalias");
        Write("main.cf",
            "transport_maps = btree:$config_directory/transport\n"
            + "alias_maps = hash:$config_directory/aliases\n"
            + "alias_database = hash:$config_directory/aliases\n");
        Write("master.cf",
            "smtp      inet  n       -       y       -       -       smtpd\n"
            + "  -o smtpd_sender_restrictions=check_sender_access,hash:$config_directory/sender_access\n");
        await BuildAsync("postmap", "btree", "transport", "a.test smtp:[127.0.0.1]:9\n");
        await BuildAsync("postmap", "hash", "sender_access", "old@x.test REJECT\n");
        await BuildAsync("postalias", "hash", "aliases", "postmaster: root\n");

        // The sources change after their databases were built (an edit without postmap).
        Write("transport", "a.test smtp:[127.0.0.1]:10\n");
        Write("sender_access", "new@x.test REJECT blocked\n");
        Write("aliases", "postmaster: admin\n");
        foreach (var source in new[] { "transport", "sender_access", "aliases" })
        {
            // Postfix (and check) say nothing about a source changed in the last 100 seconds: postmap may be about to run.
            File.SetLastWriteTimeUtc(Path.Combine(_dir, source), DateTime.UtcNow.AddSeconds(-200));
        }

        foreach (var db in new[] { "transport.db", "sender_access.db", "aliases.db" })
        {
            File.SetLastWriteTimeUtc(Path.Combine(_dir, db), DateTime.UtcNow.AddSeconds(-300));
        }

        var stale = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", _dir, "-q", "a.test", "btree:" + _dir + "/transport"], []);
        Assert.Contains($"database {_dir}/transport.db is older than source file {_dir}/transport", stale.StderrText, StringComparison.Ordinal);

        var check = await CliRun.RunAsync(["check", "-c", _dir]);
        var reported = check.Stdout.Split('\n').Where(l => l.Contains("PFC3404", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            $"{_dir}/aliases(1,1): warning PFC3404: database {_dir}/aliases.db is older than source file {_dir}/aliases",
            $"{_dir}/sender_access(1,1): warning PFC3404: database {_dir}/sender_access.db is older than source file {_dir}/sender_access",
            $"{_dir}/transport(1,1): warning PFC3404: database {_dir}/transport.db is older than source file {_dir}/transport",
        ],
        reported);

        var set = ChangeSet.Open(_dir, new ChangeSetOptions { PostfixCheck = PostfixCheckMode.Never, Reload = false });
        Assert.True(set.IsEmpty);
        Assert.Equal(
            ["postalias hash:" + _dir + "/aliases", "postmap btree:" + _dir + "/transport", "postmap hash:" + _dir + "/sender_access"],
            set.PlannedTableBuilds().Select(b => b.ToString()).Order(StringComparer.Ordinal));
        Assert.All(set.PlannedTableBuilds(), b => Assert.Equal(TableBuildReason.Stale, b.Reason));

        var result = await set.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Files);
        Assert.Equal("smtp:[127.0.0.1]:10\n", (await Query("postmap", "a.test", "btree:" + _dir + "/transport")).StdoutText);
        Assert.Equal("REJECT blocked\n", (await Query("postmap", "new@x.test", "hash:" + _dir + "/sender_access")).StdoutText);
        Assert.Equal(1, (await Query("postmap", "old@x.test", "hash:" + _dir + "/sender_access")).ExitCode);
        Assert.Equal("admin\n", (await Query("postalias", "postmaster", "hash:" + _dir + "/aliases")).StdoutText);
        var fresh = await Query("postmap", "a.test", "btree:" + _dir + "/transport");
        Assert.DoesNotContain("older than source", fresh.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("PFC3404", (await CliRun.RunAsync(["check", "-c", _dir])).Stdout, StringComparison.Ordinal);
        Assert.Empty(ChangeSet.Open(_dir).PlannedTableBuilds());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<ToolResult> Query(string program, string key, string table) =>
        Tool.RunAsync(Tool.Find(program)!, ["-c", _dir, "-q", key, table], []);

    private async Task BuildAsync(string program, string type, string name, string text)
    {
        Write(name, text);
        var built = await Tool.RunAsync(Tool.Find(program)!, ["-c", _dir, type + ":" + Path.Combine(_dir, name)], []);
        Assert.True(built.ExitCode == 0, built.ToString());
    }

    private void Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir, name), text, Encoding.ASCII);
        RealPostfix.Age(Path.Combine(_dir, name));
    }
}
