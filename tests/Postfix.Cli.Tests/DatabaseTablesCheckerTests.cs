using System.IO.Abstractions;
using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Tables;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

/// <summary>
/// postfix-net check (and the library's <see cref="TableReferenceChecker"/>) on database table configurations: unknown
/// and obsolete parameters (postconf's words, checked against the real postconf), passwords in world-readable files,
/// proxy: tables proxymap would refuse, and network tables a chrooted daemon would query itself.
/// </summary>
public sealed class DatabaseTablesCheckerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-dbtables-").FullName;

    [Fact]
    public async Task Check_DatabaseTableFiles_ReportsUnknownObsoleteAndReadablePasswords()
    {
        RealPostfix.Require("postconf");
        Write("master.cf", string.Empty);
        Write("main.cf", $"compatibility_level = 3.6\nvirtual_alias_maps = mysql:{_dir}/my.cf, ldap:{_dir}/ld.cf\ntransport_maps = pgsql:{_dir}/pg.cf\n");
        Write("my.cf", "hosts = 127.0.0.1\nuser = u\npassword = secret\ndbname = d\nquery = SELECT 1\nbogus = 1\ntable = x\n", 0b110_100_100);
        Write("ld.cf", "server_host = ldap://127.0.0.1\nbind_dn = cn=x\nbind_pw = secret\nresult_filter = %s\nquery = nope\n", 0b110_100_000);
        Write("pg.cf", "hosts = 127.0.0.1\npassword = secret\nquery = SELECT 1\n", 0b110_000_000);

        var (code, stdout) = await CheckAsync();

        var d = _dir;
        Assert.Equal(
        [
            $"{d}/my.cf(6,1): warning PFC3701: mysql:{d}/my.cf: unused parameter: bogus=1",
            $"{d}/my.cf(7,1): warning PFC3702: mysql:{d}/my.cf: obsolete parameter: table (use query; ignored when query is set)",
            $"{d}/my.cf(3,1): warning PFC3704: mysql:{d}/my.cf: password is set in a world-readable file; make it readable by root and the postfix group only (chown root:postfix; chmod 640)",
            $"{d}/ld.cf(4,1): warning PFC3702: ldap:{d}/ld.cf: obsolete parameter: result_filter (use result_format)",
            $"{d}/ld.cf(5,1): warning PFC3701: ldap:{d}/ld.cf: unused parameter: query=nope",
        ],
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, code);

        // The unused-parameter words are postconf's own.
        var real = Encoding.UTF8.GetString((await Tool.RunAsync(Tool.Find("postconf")!, ["-c", _dir, "-n"], [])).Stderr);
        Assert.Contains($"postconf: warning: mysql:{d}/my.cf: unused parameter: bogus=1", real, StringComparison.Ordinal);
        Assert.Contains($"postconf: warning: ldap:{d}/ld.cf: unused parameter: query=nope", real, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EmbeddedPasswordInWorldReadableMainCf_Warns()
    {
        Write("master.cf", string.Empty);
        Write("main.cf", "compatibility_level = 3.6\nvirtual_alias_maps = ldap:corp\ncorp_server_host = ldap://127.0.0.1\ncorp_bind_pw = secret\n", 0b110_100_100);
        var (_, stdout) = await CheckAsync();
        Assert.Contains($"{_dir}/main.cf(4,1): warning PFC3704: ldap:corp: corp_bind_pw is set in the world-readable {_dir}/main.cf;", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stdout, StringComparison.Ordinal);

        File.SetUnixFileMode(Path.Combine(_dir, "main.cf"), (UnixFileMode)0b110_100_000);
        Assert.DoesNotContain("PFC3704", (await CheckAsync()).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ProxyTableNotApproved_ReportsProxymapWords()
    {
        Write("my.cf", "hosts = 127.0.0.1\nquery = SELECT 1\n", 0b110_100_000);
        Write("ld.cf", "server_host = ldap://127.0.0.1\n", 0b110_100_000);
        Write("master.cf", "submission inet n - n - - smtpd\n  -o smtpd_recipient_restrictions=check_recipient_access,proxy:ldap:$config_directory/ld.cf,permit\n");
        Write(
            "main.cf",
            "compatibility_level = 3.6\n" +
            "virtual_alias_maps = proxy:mysql:$config_directory/my.cf\n" +         // approved through the default $virtual_alias_maps
            "smtpd_data_restrictions = check_sender_access proxy:mysql:$config_directory/my.cf\n" + // same table: approved
            "smtpd_end_of_data_restrictions = check_client_access proxy:ldap:$config_directory/ld.cf\n" +
            "address_verify_map = proxy:btree:$config_directory/verify\n");       // proxy_write_maps default: approved

        var (_, stdout) = await CheckAsync();

        var d = _dir;
        Assert.Equal(
        [
            $"{d}/main.cf(4,1): warning PFC3705: request for unapproved table: \"ldap:{d}/ld.cf\"; to approve this table for read-only access, list proxy:ldap:{d}/ld.cf in main.cf:proxy_read_maps (in smtpd_end_of_data_restrictions)",
        ],
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("PFC3705", StringComparison.Ordinal)));

        // Listing it (directly, with proxy:) approves it.
        Write("main.cf", File.ReadAllText(Path.Combine(_dir, "main.cf")) + "proxy_read_maps = $virtual_alias_maps proxy:ldap:$config_directory/ld.cf\n");
        Assert.DoesNotContain("PFC3705", (await CheckAsync()).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ChrootedDaemonReadsNetworkTable_WarnsUnlessProxied()
    {
        Write("my.cf", "hosts = unix:/run/mysqld/mysqld.sock\nquery = SELECT 1\n", 0b110_100_000);
        Write("master.cf", "smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\ncleanup unix n - n - 0 cleanup\n");
        Write("main.cf", $"compatibility_level = 3.6\nvirtual_alias_maps = mysql:{_dir}/my.cf\ntransport_maps = sqlite:{_dir}/t.cf\n");
        Write("t.cf", "dbpath = /nonexistent\nquery = SELECT 1\n", 0b110_100_000);

        var (_, stdout) = await CheckAsync();
        Assert.Equal(
        [
            $"{_dir}/main.cf(2,1): warning PFC3706: virtual_alias_maps: mysql:{_dir}/my.cf is queried by the chrooted service smtp/inet (master.cf line 1) without proxy:; its client cannot reach sockets, configuration or name service outside the chroot; use proxy:mysql:{_dir}/my.cf (proxymap runs outside the chroot) or run the service with chroot n",
        ],
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("PFC3706", StringComparison.Ordinal)));

        // With proxy: (approved by default through $virtual_alias_maps), nothing to report.
        Write("main.cf", $"compatibility_level = 3.6\nvirtual_alias_maps = proxy:mysql:{_dir}/my.cf\n");
        var proxied = (await CheckAsync()).Stdout;
        Assert.DoesNotContain("PFC3706", proxied, StringComparison.Ordinal);
        Assert.DoesNotContain("PFC3705", proxied, StringComparison.Ordinal);

        // compatibility_level 0: "-" in the chroot column means y.
        Write("master.cf", "smtp inet n - - - - smtpd\n");
        Write("main.cf", $"virtual_alias_maps = mysql:{_dir}/my.cf\n");
        Assert.Contains("PFC3706", (await CheckAsync()).Stdout, StringComparison.Ordinal);
        Write("main.cf", $"compatibility_level = 2\nvirtual_alias_maps = mysql:{_dir}/my.cf\n");
        Assert.DoesNotContain("PFC3706", (await CheckAsync()).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TableReferenceChecker_Library_ReportsTheSameCodes()
    {
        Write("my.cf", "hosts = 127.0.0.1\npassword = pw\nquery = SELECT 1\n", 0b110_100_100);
        Write("master.cf", "smtp inet n - y - - smtpd\n");
        Write("main.cf", $"compatibility_level = 3.6\nvirtual_alias_maps = mysql:{_dir}/my.cf\nsmtpd_etrn_restrictions = check_client_access proxy:mysql:{_dir}/my.cf\n");
        var fs = new FileSystem();
        var mainCf = MainCfDocument.Load(Path.Combine(_dir, "main.cf"), fs);
        var masterCf = MasterCfDocument.Load(Path.Combine(_dir, "master.cf"), fs);
        var codes = new TableReferenceChecker(fs).Check(mainCf, masterCf, _dir, null).Select(d => d.Code).ToList();
        Assert.Equal(["PFC3704", "PFC3705", "PFC3706"], codes.Order());
        Assert.DoesNotContain(new TableReferenceChecker(fs).Check(mainCf, masterCf, _dir, null), d => d.Message.Contains("pw", StringComparison.Ordinal) && d.Message.Contains("password = pw", StringComparison.Ordinal));
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

    private void Write(string name, string text, int mode = 0b110_100_100)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        RealPostfix.Age(path);
    }

    private async Task<(int Code, string Stdout)> CheckAsync(params string[] flags)
    {
        var (code, stdout, _, _) = await CliRun.RunAsync(["check", .. flags, "-c", _dir]);
        return (code, stdout);
    }
}
