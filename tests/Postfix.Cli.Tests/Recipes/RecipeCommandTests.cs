using Postfix.Testing;

namespace Postfix.Cli.Tests.Recipes;

public sealed class RecipeCommandTests
{
    [Fact]
    public async Task DryRun_PrintsTheDiffAndPlannedPostmap_ChangesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-recipe-dry");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "myhostname = mail.example.com\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(dir.FullName + "/master.cf", "", TestContext.Current.CancellationToken);

            var (code, stdout, _, _) = await CliRun.RunAsync(["recipe", "block-sender", "spam.example", "--dry-run", "-c", dir.FullName]);

            Assert.Equal(0, code);
            Assert.Contains("+smtpd_sender_restrictions = check_sender_access hash:" + dir.FullName + "/sender_access\n", stdout, StringComparison.Ordinal);
            Assert.Contains("+spam.example REJECT\n", stdout, StringComparison.Ordinal);
            Assert.Contains("would run: postmap hash:" + dir.FullName + "/sender_access\n", stdout, StringComparison.Ordinal);
            Assert.Equal("myhostname = mail.example.com\n", await File.ReadAllTextAsync(dir.FullName + "/main.cf", TestContext.Current.CancellationToken));
            Assert.False(File.Exists(dir.FullName + "/sender_access"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TlsPin_CertLegacyDigest_PinsTheFingerprintsOpensslComputes()
    {
        RealPostfix.Require("openssl");
        var dir = Directory.CreateTempSubdirectory("pfnet-recipe-pin");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "", TestContext.Current.CancellationToken);
            var cert = dir.FullName + "/partner.pem";
            var req = await Tool.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=partner.test", "-keyout", dir.FullName + "/key.pem", "-out", cert]);
            Assert.True(req.ExitCode == 0, req.ToString());

            // Ground truth: SHA-256 of the DER SubjectPublicKeyInfo, and (Postfix 2.9.0-2.9.5) of the bare RSAPublicKey.
            var pubkey = (await Tool.RunAsync("openssl", ["x509", "-in", cert, "-noout", "-pubkey"])).Stdout;
            var spki = (await Tool.RunAsync("openssl", ["pkey", "-pubin", "-outform", "DER"], pubkey)).Stdout;
            var bare = (await Tool.RunAsync("openssl", ["rsa", "-pubin", "-RSAPublicKey_out", "-outform", "DER"], pubkey)).Stdout;
            var expected = string.Join('|', Colons(System.Security.Cryptography.SHA256.HashData(spki)), Colons(System.Security.Cryptography.SHA256.HashData(bare)));

            var (code, stdout, stderr, _) = await CliRun.RunAsync(
                ["recipe", "tls-pin", "[mx.partner.example]:25", "--cert", cert, "--legacy", "--digest", "sha256", "--dry-run", "-c", dir.FullName]);

            Assert.True(code == 0, stdout + stderr);
            Assert.Contains($"+[mx.partner.example]:25 fingerprint match={expected}\n", stdout, StringComparison.Ordinal);
            Assert.Contains("+smtp_tls_fingerprint_digest = sha256\n", stdout, StringComparison.Ordinal);
            Assert.Contains("would run: postmap hash:" + dir.FullName + "/tls_policy\n", stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.FullName + "/tls_policy"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("recipe")]
    [InlineData("recipe no-such-recipe")]
    [InlineData("recipe block-sender")]
    [InlineData("recipe tls-pin [mx.example]:25")]
    [InlineData("recipe ipv6 --bogus")]
    public async Task BadArguments_AreUsageErrors(string line)
    {
        var (code, _, stderr, _) = await CliRun.RunAsync(line.Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith("postfix-net recipe", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_NothingApplied_SaysSo()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-recipe-undo");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "", TestContext.Current.CancellationToken);
            var (code, stdout, _, _) = await CliRun.RunAsync(["recipe", "undo", "-c", dir.FullName]);
            Assert.Equal(0, code);
            Assert.Equal("nothing to undo\n", stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Colons(byte[] digest) => string.Join(':', digest.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
