using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>
/// The library's postconf emulation against the real postconf 3.7.11: stdout, stderr (without the catalog-dependent
/// "unused parameter" lines), exit code and the edited file, byte for byte.
/// </summary>
public sealed class PostconfMasterDifferentialTests
{
    private static readonly byte[] Dist = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MasterCf", "master.cf.dist"));

    /// <summary>master.cf.dist with its commented-out services (and their option lines) enabled.</summary>
    internal static byte[] DistEnabled()
    {
        var lines = Encoding.Latin1.GetString(Dist).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            if (l.Length < 2 || l[0] != '#')
            {
                continue;
            }

            var rest = l[1..];
            var isService = rest[0] is not (' ' or '#' or '=') && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 8;
            var isOption = rest.TrimStart().StartsWith("-o ", StringComparison.Ordinal) || rest.TrimStart().StartsWith("flags=", StringComparison.Ordinal);
            if (isService || (isOption && rest[0] == ' '))
            {
                lines[i] = rest;
            }
        }

        return Encoding.Latin1.GetBytes(string.Join('\n', lines));
    }

    public static TheoryData<string, string[]> ShowCases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var file in new[] { "dist", "enabled" })
        {
            data.Add(file, ["-M"]);
            data.Add(file, ["-Mf"]);
            data.Add(file, ["-F"]);
            data.Add(file, ["-Ff"]);
            data.Add(file, ["-P"]);
            data.Add(file, ["-Pf"]);
            data.Add(file, ["-M", "smtp", "relay/unix", "nosuch", "*/inet", "smtp/*"]);
            data.Add(file, ["-F", "smtp/inet/chroot", "*/*/command", "maildrop", "nosuch/unix/type"]);
            data.Add(file, ["-Fh", "relay/unix/command", "smtp/inet"]);
            data.Add(file, ["-FH", "relay/unix/command"]);
            data.Add(file, ["-P", "relay/unix/syslog_name", "*/*/syslog_name", "submission/inet", "x/y/z"]);
            data.Add(file, ["-Ph", "*/inet/syslog_name"]);
            data.Add(file, ["-PH", "*/inet"]);
            data.Add(file, ["-M", "/smtp"]);
            data.Add(file, ["-F", "smtp/inet/nosuchfield"]);
            data.Add(file, ["-P", "a/b/c/d"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShowCases))]
    public async Task Show_DistFiles_MatchRealPostconf(string file, string[] args)
    {
        RealPostfix.Require("postconf");
        var input = file == "dist" ? Dist : DistEnabled();
        await AssertSameAsync(input, args);
    }

    public static TheoryData<string, string[]> EditCases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var file in new[] { "dist", "enabled" })
        {
            data.Add(file, ["-Me", "smtp/inet=smtp inet n - n - - smtpd -o smtpd_tls_security_level=may"]);
            data.Add(file, ["-Me", "smtp-ipv4/unix=smtp-ipv4 unix - - n - - smtp -o inet_protocols=ipv4 -o { smtp_helo_name = mx.example.com }"]);
            data.Add(file, ["-Me", "relay/unix=relay2 unix - - n - - smtp"]);
            data.Add(file, ["-Me", "x/unix=smtp unix - - n - - smtp -v -o a=b -o c=d extra words"]);
            data.Add(file, ["-Me", "a/unix=a unix - - n - - pipe flags=R argv=/bin/true ${nexthop} ${user} ${extension} ${recipient} and some more words to wrap the line"]);
            data.Add(file, ["-M", "127.0.0.1:2525/inet = 127.0.0.1:2525 inet n - n - - smtpd"]);
            data.Add(file, ["-MX", "smtp/inet", "relay/unix", "nosuch/unix"]);
            data.Add(file, ["-MX", "*/unix"]);
            data.Add(file, ["-M#", "relay/unix", "maildrop/unix", "smtp/inet"]);
            data.Add(file, ["-M#", "*/inet"]);
            data.Add(file, ["-Fe", "smtp/inet/chroot=n", "maildrop/unix/process_limit=1", "nosuch/unix/chroot=y"]);
            data.Add(file, ["-F", "*/*/chroot = n"]);
            data.Add(file, ["-Fe", "relay/unix/command=smtp -o a=b -o { c = d e } tail"]);
            data.Add(file, ["-Fe", "relay/unix/service=relay9", "relay9/unix/type=inet"]);
            data.Add(file, ["-Fe", "smtp/inet/wakeup=10?", "smtp/inet/private=y"]);
            data.Add(file, ["-Pe", "smtp/inet/smtpd_client_restrictions=permit", "smtp/inet/new_param=x"]);
            data.Add(file, ["-P", "smtp/inet/smtpd_tls_security_level = may", "submission/inet/syslog_name = postfix/submission"]);
            data.Add(file, ["-Pe", "relay/unix/syslog_name=foo", "maildrop/unix/a=b", "uucp/unix/c=d"]);
            data.Add(file, ["-PX", "relay/unix/syslog_name", "smtp/inet/nosuch"]);
            data.Add(file, ["-Pe", "smtp/inet/x=a b"]);
            data.Add(file, ["-Pe", "smtp/inet/*=a"]);
            data.Add(file, ["-Fe", "smtp/inet/*=a"]);
            data.Add(file, ["-Fe", "smtp/inet/chroot=a b"]);
            data.Add(file, ["-Fe", "smtp/inet/bogus=a"]);
            data.Add(file, ["-Fe", "smtp/inet/private=yes"]);
            data.Add(file, ["-Me", "smtp/inet=smtp inet"]);
            data.Add(file, ["-Me", "smtp=smtp inet n - n - - smtpd"]);
            data.Add(file, ["-MX", "#smtp/inet"]);
            data.Add(file, ["-Pe", "smtp/inet"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EditCases))]
    public async Task Edit_DistFiles_MatchRealPostconf(string file, string[] args)
    {
        RealPostfix.Require("postconf");
        var input = file == "dist" ? Dist : DistEnabled();
        await AssertSameAsync(input, args);
    }

    /// <summary>Runs real postconf and the library on the same input and arguments and compares everything.</summary>
    internal static async Task AssertSameAsync(byte[] input, string[] args, bool preserveArguments = false)
    {
        using var real = RealPostconf.Create(input);
        var expected = await real.RunAsync(args);
        var expectedFile = real.Read();
        var ours = PostconfRunner.Run(input, real.Directory, args, preserveArguments);
        var context = $"postconf {string.Join(' ', args.Select(a => "'" + a + "'"))}";
        Assert.True(expected.ExitCode == ours.ExitCode, $"{context}: exit {expected.ExitCode} vs ours {ours.ExitCode}\n{expected}\nours stderr: {ours.Stderr}");
        Assert.Equal(Encoding.Latin1.GetString(expected.Stdout), Encoding.Latin1.GetString(ours.Stdout));
        var expectedStderr = RealPostconf.StderrWithoutUnused(expected);
        Assert.True(expectedStderr == ours.Stderr, $"{context}\nreal stderr:\n{expectedStderr}\nours:\n{ours.Stderr}\ninput:\n{Encoding.Latin1.GetString(input)}");
        Assert.Equal(Encoding.Latin1.GetString(expectedFile), Encoding.Latin1.GetString(ours.NewFile ?? input));
    }
}
