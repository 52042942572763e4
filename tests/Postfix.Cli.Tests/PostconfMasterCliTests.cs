using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

/// <summary>
/// <c>postfix-net postconf -M/-F/-P</c> against the real postconf: the same arguments on two copies of the same
/// directory give the same stdout, stderr (less the catalog-dependent "unused parameter" lines), exit code and files.
/// </summary>
public sealed class PostconfMasterCliTests
{
    private static readonly byte[] Dist = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MasterCf", "master.cf.dist"));

    public static TheoryData<string[]> Cases()
    {
        var data = new TheoryData<string[]>();
        data.Add(["-M"]);
        data.Add(["-Mf", "relay"]);
        data.Add(["-F", "smtp/inet"]);
        data.Add(["-P"]);
        data.Add(["-P", "nosuch/unix/x"]);
        data.Add(["-M", "-n"]);
        data.Add(["-MX", "-e", "a/unix"]);
        data.Add(["-M", "-F", "-P"]);
        data.Add(["-F", "-X", "smtp/inet/chroot"]);
        data.Add(["-P#", "smtp/inet/x"]);
        data.Add(["-M", "smtp-ipv4/unix = smtp-ipv4 unix - - n - - smtp -o inet_protocols=ipv4"]);
        data.Add(["-Me", "smtp/inet=smtp inet n - n - - smtpd -o { smtpd_tls_security_level = may }"]);
        data.Add(["-MX", "relay/unix", "smtp/inet"]);
        data.Add(["-M#", "smtp/inet"]);
        data.Add(["-F", "*/*/chroot = n"]);
        data.Add(["-Fe", "smtp/inet/bogus=1"]);
        data.Add(["-P", "smtp/inet/smtpd_tls_security_level = may", "submission/inet/syslog_name = x"]);
        data.Add(["-PX", "relay/unix/syslog_name"]);
        data.Add(["-Me"]);
        data.Add(["-MX"]);
        data.Add(["-Pe", "smtp/inet/x=a b"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Postconf_MasterModes_MatchRealPostconf(string[] args)
    {
        RealPostfix.Require("postconf");
        await AssertSameAsync(args, Dist, withMain: true);
    }

    [Fact]
    public async Task Postconf_MissingMainCf_FailsLikePostconf()
    {
        RealPostfix.Require("postconf");
        await AssertSameAsync(["-M"], Dist, withMain: false);
    }

    [Fact]
    public async Task Postconf_MissingMasterCf_FailsLikePostconf()
    {
        RealPostfix.Require("postconf");
        await AssertSameAsync(["-M"], null, withMain: true);
        await AssertSameAsync(["-MX", "smtp/inet"], null, withMain: true);
    }

    private static async Task AssertSameAsync(string[] args, byte[]? master, bool withMain)
    {
        var realDir = Scratch(master, withMain);
        var ourDir = Scratch(master, withMain);
        try
        {
            var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", realDir, .. args]);
            var stdout = new MemoryStream();
            var stderr = new MemoryStream();
            var context = new CliContext(new MemoryStream(), stdout, stderr, new FileSystem(), _ => null, CancellationToken.None);
            var exit = await CliApplication.RunAsync(["postconf", "-c", ourDir, .. args], context);
            var label = string.Join(' ', args);
            Assert.True(real.ExitCode == exit, $"{label}: exit {real.ExitCode} vs {exit}\n{real.StderrText}\nours: {Encoding.UTF8.GetString(stderr.ToArray())}");
            Assert.Equal(real.StdoutText.Replace(realDir, "DIR", StringComparison.Ordinal), Encoding.UTF8.GetString(stdout.ToArray()).Replace(ourDir, "DIR", StringComparison.Ordinal));
            Assert.Equal(Normalize(real.StderrText, realDir), Normalize(Encoding.UTF8.GetString(stderr.ToArray()), ourDir));
            Assert.Equal(ReadOrNull(Path.Combine(realDir, "master.cf")), ReadOrNull(Path.Combine(ourDir, "master.cf")));
        }
        finally
        {
            Directory.Delete(realDir, recursive: true);
            Directory.Delete(ourDir, recursive: true);
        }
    }

    private static string Normalize(string stderr, string dir) => string.Concat(stderr.Split('\n')
        .Where(l => l.Length > 0 && !l.Contains(": unused parameter: ", StringComparison.Ordinal) && !l.Contains(": undefined parameter: ", StringComparison.Ordinal))
        .Select(l => (l.StartsWith(RealPostfix.Postconf + ":", StringComparison.Ordinal) ? "postconf" + l[RealPostfix.Postconf!.Length..] : l)
            .Replace(dir, "DIR", StringComparison.Ordinal) + "\n"));

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path, Encoding.Latin1) : null;

    private static string Scratch(byte[]? master, bool withMain)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        if (master is not null)
        {
            File.WriteAllBytes(Path.Combine(dir, "master.cf"), master);
        }

        if (withMain)
        {
            File.WriteAllBytes(Path.Combine(dir, "main.cf"), []);
        }

        return dir;
    }
}
