using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

public sealed class FingerprintCommandTests
{
    private const string Pf2CertSha256 = "E1:0C:69:CB:03:68:1A:AB:72:87:DF:08:53:3D:97:79:8E:54:63:B0:EA:BE:CA:00:D2:10:29:44:FA:1C:33:B6";
    private const string Pf2PkeySha256 = "62:C5:D6:DE:F8:F1:62:D0:AB:11:38:B8:37:02:D7:B0:8F:75:45:F3:F5:3E:7D:2A:D9:4B:78:B9:07:81:BB:1D";

    internal static async Task<(int Code, string Out, string Err)> RunAsync(MockFileSystem fs, params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, fs, _ => null, TestContext.Current.CancellationToken);
        var code = await CliApplication.RunAsync(args, context);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private static MockFileSystem Files() => new(new Dictionary<string, MockFileData>
    {
        ["/c/pf2.pem"] = new(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "tls", "pf2-cert.pem"))),
        ["/c/mixed.pem"] = new(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "tls", "good-mixed-keyfirst.pem"))),
        ["/c/junk.pem"] = new("not a certificate"),
    });

    [Fact]
    public async Task Run_Certificate_PrintsPosttlsFingerNames()
    {
        var (code, output, error) = await RunAsync(Files(), "fingerprint", "/c/pf2.pem");
        Assert.Equal(0, code);
        Assert.Equal($"/c/pf2.pem[0]: subject_CN=pf2.test, issuer_CN=pf2.test, fingerprint={Pf2CertSha256}, pkey_fingerprint={Pf2PkeySha256}\n", output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Run_Md5Legacy_PrintsThreeFingerprints()
    {
        var (code, output, _) = await RunAsync(Files(), "fingerprint", "--legacy", "-d", "md5", "/c/pf2.pem");
        Assert.Equal(0, code);
        Assert.StartsWith("/c/pf2.pem[0]: subject_CN=pf2.test, issuer_CN=pf2.test, fingerprint=E2:38:FA:B4:F6:98:EF:15:E7:A6:F3:C1:1B:01:23:E3, pkey_fingerprint=1F:8C:8B:A2:70:88:89:C9:F5:F8:E2:53:FC:D7:F9:9E, legacy_pkey_fingerprint=", output);
    }

    [Theory]
    [InlineData("3.5", "E2:38:FA:B4:F6:98:EF:15:E7:A6:F3:C1:1B:01:23:E3")]
    [InlineData("3.6", Pf2CertSha256)]
    public async Task Run_CompatibilityLevel_ChoosesPostfixDefaultDigest(string level, string expected)
    {
        var (_, output, _) = await RunAsync(Files(), "fingerprint", "--compatibility-level", level, "/c/pf2.pem");
        Assert.Contains($"fingerprint={expected},", output);
    }

    [Fact]
    public async Task Run_PolicyAndTlsa_PrintsLines()
    {
        var (code, output, _) = await RunAsync(Files(), "fingerprint", "/c/pf2.pem", "--policy", "[mx.example.com]:25", "--tlsa", "--tlsa-types", "311,301,312");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"[mx.example.com]:25 fingerprint match={Pf2PkeySha256}", lines[1]);
        Assert.Equal($"_25._tcp.mx.example.com. IN TLSA 3 1 1 {Pf2PkeySha256.Replace(":", "").ToLowerInvariant()}", lines[2]);
        Assert.Equal($"_25._tcp.mx.example.com. IN TLSA 3 0 1 {Pf2CertSha256.Replace(":", "").ToLowerInvariant()}", lines[3]);
        Assert.StartsWith("_25._tcp.mx.example.com. IN TLSA 3 1 2 ", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task Run_KeyAndChain_PinsLeafAndPrintsTrustAnchors()
    {
        var (code, output, _) = await RunAsync(Files(), "fingerprint", "/c/mixed.pem", "--policy", "example.com", "--tlsa", "--host", "mx1.example.com");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("/c/mixed.pem[0]: EC P-256 private key, pkey_fingerprint=", lines[0]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("/c/mixed.pem[", StringComparison.Ordinal)));
        var leafPkey = lines[1].Split("pkey_fingerprint=")[1];
        Assert.Equal($"example.com fingerprint match={leafPkey}", lines[4]);
        Assert.Equal(1, lines.Count(l => l.Contains(" IN TLSA 3 1 1 ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.Contains(" IN TLSA 2 0 1 ", StringComparison.Ordinal)));
        Assert.All(lines.Skip(5), l => Assert.StartsWith("_25._tcp.mx1.example.com. IN TLSA ", l));
    }

    [Fact]
    public async Task Run_BadFile_ReportsAndContinues()
    {
        var (code, output, error) = await RunAsync(Files(), "fingerprint", "/c/junk.pem", "/c/missing.pem", "/c/pf2.pem");
        Assert.Equal(1, code);
        Assert.Equal(
            "postfix-net fingerprint: /c/junk.pem: not a PEM file, and not a DER certificate, public key or unencrypted private key\n",
            error.Split('\n')[0] + "\n");
        Assert.Contains("/c/missing.pem", error);
        Assert.StartsWith("/c/pf2.pem[0]: ", output);
    }

    [Theory]
    [InlineData("postfix-net fingerprint: no FILE given (see --help)", "fingerprint")]
    [InlineData("postfix-net fingerprint: unsupported fingerprint digest \"whirlpool\" (expected one of md5, sha1, sha224, sha256, sha384, sha512)", "fingerprint", "-d", "whirlpool", "/c/pf2.pem")]
    [InlineData("postfix-net fingerprint: unknown option '--frob'", "fingerprint", "--frob", "/c/pf2.pem")]
    [InlineData("postfix-net fingerprint: bad TLSA type \"399\" (usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2, e.g. 311)", "fingerprint", "--tlsa-types", "399", "/c/pf2.pem")]
    [InlineData("postfix-net fingerprint: --policy \"a b\": \"a b\" contains a blank, comma or control character, which Postfix would split or reject", "fingerprint", "--policy", "a b", "/c/pf2.pem")]
    public async Task Run_UsageError_ExitsTwoWithMessage(string message, params string[] args)
    {
        var (code, _, error) = await RunAsync(Files(), args);
        Assert.Equal(2, code);
        Assert.Equal(message + "\n", error);
    }

    [Fact]
    public async Task PolicyLine_RealPostmap_ReturnsTheValue()
    {
        RealPostfix.Require("postmap");
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-policy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var (_, output, _) = await RunAsync(Files(), "fingerprint", "/c/pf2.pem", "/c/mixed.pem", "--policy", "[mx.example.com]:25");
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            await File.WriteAllTextAsync(Path.Combine(dir, "main.cf"), string.Empty, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir, "tls_policy"), line + "\n", TestContext.Current.CancellationToken);
            var result = await Tool.RunAsync("postmap", ["-c", dir, "-q", "[mx.example.com]:25", "texthash:" + Path.Combine(dir, "tls_policy")]);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(line["[mx.example.com]:25 ".Length..] + "\n", result.StdoutText);
            Assert.StartsWith("fingerprint match=", result.StdoutText);
            Assert.Equal(2, result.StdoutText.Split('|').Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
