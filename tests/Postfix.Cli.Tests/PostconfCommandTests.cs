using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

/// <summary>
/// <c>postfix-net postconf</c> against the real <c>postconf</c>: the same arguments on copies of the same
/// configuration directory must give the same exit code, the same stdout and the same resulting main.cf, byte for
/// byte, and the same stderr lines (as a set where Postfix's own order comes from a randomly seeded hash table).
/// </summary>
public sealed class PostconfCommandTests
{
    private const string SampleMain = "# sample\nmyhostname = host.example.test\nmydomain = example.test\n"
        + "myorigin = $mydomain\nrelayhost =\nfoo = 1\nbar = $foo\nsmtpd_recipient_restrictions = permit_mynetworks,\n"
        + "    # inner comment\n    reject_unauth_destination\nunused_thing = x y\n  orphan\n";

    public static TheoryData<string[]> FlagErrorCases() => new()
    {
        new[] { "-n", "-e" },
        new[] { "-Q" },
        new[] { "-c" },
        new[] { "-n", "-d" },
        new[] { "-e" },
        new[] { "-X" },
        new[] { "-h", "-H", "myorigin" },
        new[] { "-M", "-n" },
        new[] { "-b", "-t" },
    };

    public static TheoryData<string[]> QueryCases() => new()
    {
        new[] { "-n" },
        new[] { "-nh" },
        new[] { "-n", "-f" },
        new[] { "-nH" },
        new[] { "-h", "myhostname", "relayhost", "nosuch", "bar" },
        new[] { "myorigin", "mydestination", "foo", "unused_thing" },
        new[] { "-x", "myorigin", "mydestination", "bar" },
        new[] { "-xh", "smtpd_banner" },
        new[] { "-nx" },
        new[] { "-d", "myorigin", "relayhost", "foo" },
        new[] { "-dh", "smtpd_tls_dh1024_param_file" },
        new[] { "-o", "relayhost=[10.0.0.1]", "-h", "relayhost" },
        new[] { "-o", "bad override", "-n" },
        new[] { "-n", "-e" },
        new[] { "-Q" },
        new[] { "-c" },
        new[] { "-n", "-d" },
        new[] { "-e" },
        new[] { "-X" },
        new[] { "-h", "-H", "myorigin" },
        new[] { "myorigin", "-h" },
    };

    public static TheoryData<string[]> EditCases() => new()
    {
        new[] { "-e", "myhostname=new.example", "zeta = 1", "smtpd_recipient_restrictions=" },
        new[] { "relayhost=[127.0.0.1]:9" },
        new[] { "-X", "foo", "smtpd_recipient_restrictions", "nosuch" },
        new[] { "-#", "myorigin", "smtpd_recipient_restrictions" },
        new[] { "-e", "a=1", "a=2" },
        new[] { "-e", "#x=1" },
        new[] { "-e", "x" },
        new[] { "-e", "a b=1" },
        new[] { "-X", "a=1" },
        new[] { "-X", "  " },
        new[] { "-e", "a=1\nb" },
        new[] { "-eX", "a" },
        new[] { "-#", "foo", "-e" },
    };

    [Theory]
    [MemberData(nameof(FlagErrorCases))]
    public async Task Postconf_BadFlags_SameAsRealPostconf(string[] args)
    {
        RealPostfix.Require("postconf");
        await CompareAsync(Encoding.UTF8.GetBytes(SampleMain), withMaster: true, args);
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task Postconf_Query_SameAsRealPostconf(string[] args)
    {
        RealPostfix.Require("postconf");
        await CompareAsync(Encoding.UTF8.GetBytes(SampleMain), withMaster: true, args);
    }

    [Theory]
    [MemberData(nameof(EditCases))]
    public async Task Postconf_Edit_SameAsRealPostconf(string[] args)
    {
        RealPostfix.Require("postconf");
        await CompareAsync(Encoding.UTF8.GetBytes(SampleMain), withMaster: true, args);
    }

    [Fact]
    public async Task Postconf_SampleConfiguration_SameAsRealPostconf()
    {
        RealPostfix.Require("postconf");
        var main = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "postfix", "main.cf"));
        await CompareAsync(main, withMaster: true, ["-n"]);
        await CompareAsync(main, withMaster: true, ["-x", "smtpd_tls_dh1024_param_file", "mynetworks", "inet_protocols", "smtpd_recipient_restrictions"]);
    }

    [Fact]
    public async Task Postconf_MissingMasterCf_SameWarningAsRealPostconf()
    {
        RealPostfix.Require("postconf");
        await CompareAsync(Encoding.UTF8.GetBytes("myhostname = a\n"), withMaster: false, ["-n"]);
    }

    [Fact]
    public async Task Postconf_FatalMainCf_SameAsRealPostconf()
    {
        RealPostfix.Require("postconf");
        await CompareAsync(Encoding.UTF8.GetBytes("a = 1\n  \nfoo\n  bar = x\n= nope\n"), withMaster: true, ["-n"]);
    }

    [Fact]
    public async Task Postconf_MissingDirectory_SameAsRealPostconf()
    {
        RealPostfix.Require("postconf");
        foreach (var args in new[] { new[] { "-n" }, ["-e", "a=1"], ["-X", "a"], ["-d", "relayhost"] })
        {
            var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", "/nonexistent-pfnet", .. args]);
            var ours = await RunOursAsync(["-c", "/nonexistent-pfnet", .. args], null);
            Assert.Equal(real.ExitCode, ours.ExitCode);
            Assert.Equal(Encoding.UTF8.GetString(real.Stdout), Encoding.UTF8.GetString(ours.Stdout));
            Assert.Equal(Lines(real.Stderr, RealPostfix.Postconf!), Lines(ours.Stderr, "postconf"));
        }
    }

    [Fact]
    public async Task Postconf_MailConfigEnvironment_UsedWithoutDashC()
    {
        RealPostfix.Require("postconf");
        using var dir = new TempDir(Encoding.UTF8.GetBytes(SampleMain), true);
        var env = new Dictionary<string, string> { ["MAIL_CONFIG"] = dir.Path };
        var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-n"], environment: env);
        var ours = await RunOursAsync(["-n"], env);
        Assert.Equal(real.Stdout, ours.Stdout);
    }

    internal static async Task CompareAsync(byte[] mainCf, bool withMaster, string[] args)
    {
        using var realDir = new TempDir(mainCf, withMaster);
        using var ourDir = new TempDir(mainCf, withMaster);
        var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", realDir.Path, .. args]);
        var ours = await RunOursAsync(["-c", ourDir.Path, .. args], null);
        var context = $"args: {string.Join(' ', args)}\nreal: {real}\nours: {ours}";
        Assert.True(real.ExitCode == ours.ExitCode, context);
        // The only difference allowed: each run's own directory name (config_directory = DIR under -n).
        Assert.True(
            Encoding.Latin1.GetString(real.Stdout).Replace(realDir.Path, "DIR", StringComparison.Ordinal)
                == Encoding.Latin1.GetString(ours.Stdout).Replace(ourDir.Path, "DIR", StringComparison.Ordinal),
            context);
        Assert.True(
            Lines(real.Stderr, RealPostfix.Postconf!, realDir.Path).Order().SequenceEqual(Lines(ours.Stderr, "postconf", ourDir.Path).Order()),
            context);
        Assert.True(File.ReadAllBytes(realDir.MainCf).SequenceEqual(File.ReadAllBytes(ourDir.MainCf)), context);
    }

    internal static async Task<ToolResult> RunOursAsync(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var context = new CliContext(stdin, stdout, stderr, new FileSystem(), n => environment?.GetValueOrDefault(n), CancellationToken.None);
        var code = await CliApplication.RunAsync(["postconf", .. args], context);
        return new ToolResult(code, stdout.ToArray(), stderr.ToArray());
    }

    private static List<string> Lines(byte[] stderr, string program, string? dir = null)
    {
        var text = Encoding.Latin1.GetString(stderr);
        if (dir is not null)
        {
            text = text.Replace(dir, "DIR", StringComparison.Ordinal);
        }

        return text.Replace(program, "postconf", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private sealed class TempDir : IDisposable
    {
        public TempDir(byte[] mainCf, bool withMaster)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pfnet-cli-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Path);
            File.WriteAllBytes(MainCf, mainCf);
            RealPostfix.Age(MainCf);
            if (withMaster)
            {
                var master = System.IO.Path.Combine(Path, "master.cf");
                File.WriteAllText(master, "smtp      inet  n       -       y       -       -       smtpd\nrelay     unix  -       -       y       -       -       smtp\n  -o syslog_name=postfix/$service_name\n");
                RealPostfix.Age(master);
            }
        }

        public string Path { get; }

        public string MainCf => System.IO.Path.Combine(Path, "main.cf");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
