using System.IO.Abstractions.TestingHelpers;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Postfix.Cli.Tests.Hostile;

/// <summary>
/// Every verb gets random argument vectors built from its own option set (taken from its usage text) plus junk. The
/// CLI must never let an exception escape (that is what prints a stack trace), never print one, and always end with a
/// documented exit code (docs/cli.md, "Exit codes"); a failure (non-zero exit other than "not found") says something on
/// stderr, and usage errors are one line before the usage text.
/// </summary>
public sealed partial class CliArgumentPropertyTests
{
    /// <summary>The exit codes docs/cli.md documents: 0 ok / found, 1 failure / not found, 2 usage, 3 not in this build, 130 cancelled.</summary>
    private static readonly int[] DocumentedExitCodes = [0, 1, 2, 3, 130];

    // qshape is a Perl script: die exits 255 (usage) or with errno (chdir to queue_directory: 2, 13, 20), postconf's 1.
    private static readonly int[] QshapeExitCodes = [0, 1, 2, 13, 20, 255];

    private const string ConfigDir = "/pfnet-prop/etc";

    /// <summary>
    /// Junk that is safe to hand any verb: no host name other than loopback (the tls verb connects), no real path
    /// outside the mock file system (the mock is all the verbs see), no huge work (dhparam sizes stay small).
    /// </summary>
    private static readonly string[] Junk =
    [
        "", " ", "-", "--", "---", "-=", "--=", "=", "==x", "\0", "\t", "\n", "a\nb", "é", "\uDC80", "ÿ\u00ff",
        "x", "name", "myhostname", "myhostname=mail.example.com", "a=b=c", "=b", "bad name=1", "smtp/inet", "smtp/inet/",
        "smtp/inet/command", "smtp/inet/bogus=1", "*/*", "0", "1", "-1", "2", "5", "64", "512", "99999999999999999999",
        "3.6", "sha256", "md5", "bogus", "text", "json", "ids", "short", "long", "ALL", "deferred", "hold", "4E5F21A0C3",
        "4SZbBk2kTmzBvQ4", "90s", "3d", "1w", "-3d", "regex(", "[", "[::1", "[::1]:1", "127.0.0.1:1", "localhost:1",
        ConfigDir, ConfigDir + "/main.cf", ConfigDir + "/master.cf", ConfigDir + "/missing", "/pfnet-prop/none/x",
        ConfigDir + "/listing.txt", ConfigDir + "/cert.pem", "texthash:" + ConfigDir + "/table", "hash:" + ConfigDir + "/table",
        "regexp:" + ConfigDir + "/table", "cidr:" + ConfigDir + "/table", "pcre:/nonexistent", "inline:{a=b}", "inline:{",
        "static:x", "unknown:x", "proxy:hash:x", new string('x', 5000), new string('-', 300), "%s%n", "$(x)", "${a",
    ];

    /// <summary>Strings shaped like options that the verb does not have.</summary>
    private static readonly string[] FakeOptions = ["-Z", "-@", "--nope", "--config=", "--input=", "-c", "-q", "-o", "-e", "-x", "-#"];

    private static MockFileSystem NewFileSystem()
    {
        var fs = new MockFileSystem();
        fs.AddFile(ConfigDir + "/main.cf", new MockFileData("myhostname = mail.example.com\nmydomain = example.com\nalias_maps = texthash:" + ConfigDir + "/table\n"));
        fs.AddFile(ConfigDir + "/master.cf", new MockFileData("smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n"));
        fs.AddFile(ConfigDir + "/table", new MockFileData("a b\n/x/ y\n10.0.0.0/8 OK\nroot: admin\n"));
        fs.AddFile(ConfigDir + "/listing.txt", new MockFileData("Mail queue is empty\n"));
        fs.AddFile(ConfigDir + "/cert.pem", new MockFileData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        return fs;
    }

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z0-9-]*|-[A-Za-z0-9#])(?![\w])")]
    private static partial Regex OptionToken();

    /// <summary>The option tokens a verb's usage text names (its own option set).</summary>
    private static string[] OptionsOf(ICommand command) =>
        [.. OptionToken().Matches(command.Usage).Select(m => m.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Sub-verbs and words the usage puts first (for example "list", "probe", "delete").</summary>
    private static string[] WordsOf(ICommand command) =>
        [.. Regex.Matches(command.Usage, @"postfix-net \S+ ([a-z][a-z|]+)").SelectMany(m => m.Groups[1].Value.Split('|')).Distinct(StringComparer.Ordinal)];

    public static TheoryData<string> Verbs() => [.. CliApplication.Commands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void RandomArguments_NeverAStackTrace_AlwaysADocumentedExitCode(string verb)
    {
        var command = CliApplication.Commands.Single(c => c.Name == verb);
        var options = OptionsOf(command);
        var words = WordsOf(command);
        Assert.NotEmpty(options);

        // The tls verb connects to the host it is given: every word handed to it must be loopback or not a host name.
        var junk = verb == "tls"
            ? Junk.Where(j => j.StartsWith('-') || j.StartsWith('/') || j.Contains("127.0.0.1", StringComparison.Ordinal) || j.Contains("::1", StringComparison.Ordinal) || j.Length == 0 || j.Contains('\0') || j.Contains(' ')).ToArray()
            : Junk;
        var token = Gen.Frequency(
            (5, Gen.Elements(options)),
            (2, Gen.Elements(words.Length > 0 ? words : options)),
            (3, Gen.Elements(junk)),
            (1, Gen.Elements(FakeOptions)),
            (1, Gen.Elements(options).SelectMany(o => Gen.Elements(junk).Select(j => o.StartsWith("--", StringComparison.Ordinal) ? o + "=" + j : o + j))));
        var gen = Gen.Choose(0, 7).SelectMany(n => Gen.ArrayOf(token, n));
        if (verb == "dhparam")
        {
            // Without a size dhparam generates 2048 bits (seconds of work per case); a trailing small size keeps each
            // case fast while the options before it stay random.
            gen = gen.Select(a => (string[])[.. a, "512"]);
        }

        Prop.ForAll(gen.ToArbitrary(), args =>
        {
            var (code, stdout, stderr) = Run([verb, .. args]);
            var shown = string.Join(" ", args.Select(a => "'" + a.Replace("\n", "\\n", StringComparison.Ordinal) + "'"));
            return ((verb == "qshape" ? QshapeExitCodes : DocumentedExitCodes).Contains(code)
                    && !LooksLikeStackTrace(stderr) && !LooksLikeStackTrace(stdout)
                    && (code is 0 or 1 || stderr.Length > 0))
                .Label($"postfix-net {verb} {shown}\nexit {code}\nstderr:\n{stderr}");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(int.TryParse(Environment.GetEnvironmentVariable("PFNET_CLI_PROPERTY_TESTS"), out var n) ? n : 150));
    }

    /// <summary>A NUL in -c (found by the property in CI: the test file system rejects it without a parameter name).</summary>
    [Theory]
    [InlineData("postconf", "-d")]
    [InlineData("check", "-q")]
    public void NulInConfigDirectory_OneLineErrorExit1(string verb, string flag)
    {
        var (code, _, stderr) = Run([verb, flag, "-c", "\0"]);
        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("unusable file name", stderr, StringComparison.Ordinal);
        Assert.False(LooksLikeStackTrace(stderr));
    }

    [Fact]
    public void UnknownVerbAndJunkVerbs_OneLineErrorExit2()
    {
        foreach (var verb in (string[])["nope", "", "-x", "--bogus", "\0", "postconf2"])
        {
            var (code, _, stderr) = Run([verb, "x"]);
            Assert.Equal(2, code);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.False(LooksLikeStackTrace(stderr));
        }
    }

    private static bool LooksLikeStackTrace(string text) =>
        text.Contains("   at ", StringComparison.Ordinal) || Regex.IsMatch(text, @"\b(System|Postfix)\.[A-Za-z.]*Exception\b");

    private static (int Code, string Stdout, string Stderr) Run(string[] args)
    {
        using var input = new MemoryStream([]);
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var context = new CliContext(input, output, error, NewFileSystem(), name => name == "MAIL_CONFIG" ? ConfigDir : null, cancel.Token);
        int code;
        try
        {
            code = CliApplication.RunAsync(args, context).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // The property's point: any escaping exception is the defect, reported with its arguments.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (-1, string.Empty, "ESCAPED " + e);
        }

        context.Out.Flush();
        context.Error.Flush();
        return (code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }
}
