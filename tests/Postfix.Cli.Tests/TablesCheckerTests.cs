using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

/// <summary>postfix-net check on real configuration directories that name broken, missing and stale tables.</summary>
public sealed class TablesCheckerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-tables-").FullName;

    [Fact]
    public async Task Check_BrokenTables_ReportsWhatPostfixWarnsWithPositions()
    {
        RealPostfix.Require("postmap", "postalias");
        Write("master.cf", "smtp inet n - y - - smtpd\n  -o smtpd_client_restrictions=check_client_access,cidr:$config_directory/nosuch.cidr\n");
        Write(
            "main.cf",
            "compatibility_level = 3.6\n" +
            "tables = $config_directory\n" +
            "header_checks = regexp:$tables/header_checks\n" +
            "virtual_alias_maps = texthash:${config_directory}/virtual, proxy:hash:$config_directory/access\n" +
            "alias_maps = hash:$config_directory/aliases\n" +
            "transport_maps = foo:/etc/postfix/transport\n" +
            "smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:10023, permit\n");
        Write("header_checks", "/^Subject: (/ REJECT\n/ok/ OK\n/x/q REJECT\n");
        Write("virtual", "a@example.com b\nA@example.com c\n");
        Write("access", "example.com OK\n");
        Write("aliases", "root: admin\nbad line\nuser@example.com: x\n");
        RealPostfix.Age(Path.Combine(_dir, "aliases"));
        Assert.Equal(0, (await Tool.RunAsync(Tool.Find("postalias")!, ["-c", _dir, "hash:" + Path.Combine(_dir, "aliases")], [])).ExitCode);

        var (code, stdout) = await CheckAsync();

        var realRegexp = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", _dir, "-q", "x", "regexp:" + Path.Combine(_dir, "header_checks")], []);
        var realTexthash = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", _dir, "-q", "x", "texthash:" + Path.Combine(_dir, "virtual")], []);
        var realAliases = await Tool.RunAsync(Tool.Find("postalias")!, ["-c", _dir, "hash:" + Path.Combine(_dir, "aliases")], []);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var d = _dir;
        Assert.Equal(
        [
            $"{d}/header_checks(1,2): warning PFC3511: Unmatched ( or \\(",
            $"{d}/header_checks(3,4): warning PFC3503: unknown regexp option \"q\": skipping this rule",
            $"{d}/virtual(2,1): warning PFC3005: duplicate entry: \"A@example.com\"",
            $"{d}/main.cf(4,1): warning PFC3405: open database {d}/access.db: No such file or directory (in virtual_alias_maps); build it with: postmap hash:{d}/access",
            $"{d}/aliases(2,1): warning PFC3201: need name:value pair",
            $"{d}/aliases(3,5): warning PFC3202: name must be local",
            $"{d}/main.cf(6,1): warning PFC3401: unsupported dictionary type: foo (in transport_maps)",
            $"{d}/master.cf(2,3): warning PFC3402: open {d}/nosuch.cidr: No such file or directory (in smtpd_client_restrictions)",
        ],
        lines.Where(l => l.Contains("PFC3", StringComparison.Ordinal)));
        Assert.Equal(0, code);

        // Each table warning is one that the real tools print.
        var real = Encoding.UTF8.GetString([.. realRegexp.Stderr, .. realTexthash.Stderr, .. realAliases.Stderr]);
        foreach (var message in new[] { "line 1: Unmatched ( or \\(", "line 3: unknown regexp option \"q\": skipping this rule", "line 2: duplicate entry: \"A@example.com\"", "aliases, line 2: need name:value pair", "aliases, line 3: name must be local" })
        {
            Assert.Contains(message, real, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_SourceNewerThanDatabase_WarnsLikePostfix()
    {
        RealPostfix.Require("postmap");
        Write("master.cf", string.Empty);
        Write("main.cf", "transport_maps = hash:$config_directory/transport\n");
        Write("transport", "example.com smtp:[mx.example.com]\n");
        Assert.Equal(0, (await Tool.RunAsync(RealPostfix.Postmap!, ["-c", _dir, "hash:" + Path.Combine(_dir, "transport")], [])).ExitCode);
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "transport.db"), DateTime.UtcNow.AddSeconds(-300));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "transport"), DateTime.UtcNow.AddSeconds(-200));
        var real = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", _dir, "-q", "example.com", "hash:" + Path.Combine(_dir, "transport")], []);
        var expected = $"database {_dir}/transport.db is older than source file {_dir}/transport";
        Assert.Contains(expected, Encoding.UTF8.GetString(real.Stderr), StringComparison.Ordinal);

        var (code, stdout) = await CheckAsync();
        Assert.Equal($"{_dir}/transport(1,1): warning PFC3404: {expected}\n", stdout);
        Assert.Equal(0, code);

        // A source changed in the last 100 seconds is not reported (Postfix assumes postmap is about to run).
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "transport"), DateTime.UtcNow.AddSeconds(-10));
        Assert.Equal(string.Empty, (await CheckAsync("-q")).Stdout);
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

    private void Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        RealPostfix.Age(Path.Combine(_dir, name));
    }

    private async Task<(int Code, string Stdout)> CheckAsync(params string[] flags)
    {
        var (code, stdout, _, _) = await CliRun.RunAsync(["check", .. flags, "-c", _dir]);
        return (code, stdout);
    }
}
