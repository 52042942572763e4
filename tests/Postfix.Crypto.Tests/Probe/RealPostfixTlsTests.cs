using System.Text.RegularExpressions;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Policy;
using Postfix.Crypto.Probe;

namespace Postfix.Crypto.Tests.Probe;

/// <summary>The probe and the policy output against a real Postfix smtpd, judged by the real posttls-finger.</summary>
public sealed partial class RealPostfixTlsTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    [Theory]
    [InlineData("md5")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    public async Task ProbeAsync_StartTls_FingerprintsAndChainEqualPosttlsFinger(string digestName)
    {
        var pf = server.Require();
        var digest = FingerprintDigests.Parse(digestName);
        var result = await TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", pf.SmtpPort), TestContext.Current.CancellationToken);
        var finger = await pf.Run("posttls-finger", "-c", "-C", "-l", "may", "-d", digestName, $"[127.0.0.1]:{pf.SmtpPort}");
        var text = finger.StdoutText;

        var summary = SummaryLine().Match(text);
        Assert.True(summary.Success, text);
        var leaf = result.Chain[0];
        Assert.Equal(summary.Groups["subject"].Value, leaf.SubjectCommonName);
        Assert.Equal(summary.Groups["issuer"].Value, leaf.IssuerCommonName);
        Assert.Equal(summary.Groups["cert"].Value, leaf.CertificateFingerprint(digest)!.ToString());
        Assert.Equal(summary.Groups["pkey"].Value, leaf.PublicKeyFingerprint(digest).ToString());
        Assert.Equal($"127.0.0.1[127.0.0.1]:{pf.SmtpPort}", summary.Groups["peer"].Value);
        Assert.Equal(result.PeerName, summary.Groups["peer"].Value);

        var chain = ChainEntry().Matches(text);
        Assert.Equal(chain.Count, result.Chain.Count);
        Assert.Equal(2, chain.Count);
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(chain[i].Groups["subject"].Value, result.Chain[i].Subject);
            Assert.Equal(chain[i].Groups["issuer"].Value, result.Chain[i].Issuer);
            Assert.Equal(chain[i].Groups["cert"].Value, result.Chain[i].CertificateFingerprint(digest)!.ToString());
            Assert.Equal(chain[i].Groups["pkey"].Value, result.Chain[i].PublicKeyFingerprint(digest).ToString());
        }

        var established = Established().Match(text);
        Assert.True(established.Success, text);
        Assert.Equal(established.Groups["protocol"].Value, result.Protocol);
        Assert.Equal(established.Groups["cipher"].Value, result.CipherSuite);

        // TLS 1.3: key exchange and signature words equal posttls-finger's. Known deviation (docs/tls.md): the RSA-PSS
        // hash is chosen inside the encrypted handshake, so the probe leaves server-digest out; fails once it is known.
        var serverDigest = Regex.Match(established.Groups["rest"].Value, @" server-digest [A-Z0-9-]+$");
        Assert.True(serverDigest.Success, established.Value);
        Assert.Null(result.ServerDigest);
        Assert.Equal(established.Groups["summary"].Value + established.Groups["rest"].Value, result.ConnectionSummary + serverDigest.Value);
        Assert.Contains(" key-exchange ", result.ConnectionSummary, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", result.EhloReply.Select(l => l[4..]));
        Assert.StartsWith("220 ", result.Greeting);
    }

    [Fact]
    public async Task ProbeAsync_WrapperMode_EqualsPosttlsFingerW()
    {
        var pf = server.Require();
        var result = await TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", server.WrapperPort) { Mode = TlsProbeMode.Wrapper }, TestContext.Current.CancellationToken);
        var finger = await pf.Run("posttls-finger", "-c", "-w", "-l", "may", "-d", "sha256", $"[127.0.0.1]:{server.WrapperPort}");
        var summary = SummaryLine().Match(finger.StdoutText);
        Assert.True(summary.Success, finger.StdoutText);
        Assert.Equal(summary.Groups["cert"].Value, result.Chain[0].CertificateFingerprint(FingerprintDigest.Sha256)!.ToString());
        Assert.Equal(summary.Groups["pkey"].Value, result.Chain[0].PublicKeyFingerprint(FingerprintDigest.Sha256).ToString());
        Assert.Null(result.Greeting);
        Assert.Empty(result.EhloReply);
    }

    [Theory]
    [InlineData("sha256", true)]
    [InlineData("sha256", false)]
    [InlineData("md5", true)]
    public async Task PolicyEntry_FingerprintLevel_PosttlsFingerMatchesAndVerifies(string digestName, bool publicKey)
    {
        var pf = server.Require();
        var digest = FingerprintDigests.Parse(digestName);
        var leaf = TlsMaterialReader.Read(await File.ReadAllBytesAsync(server.ChainFile, TestContext.Current.CancellationToken), "chain.pem").First(m => m.Kind == TlsMaterialKind.Certificate);
        var pin = publicKey ? leaf.PublicKeyFingerprint(digest) : leaf.CertificateFingerprint(digest)!;
        var decoy = Fingerprint.Compute(digest, "not the key"u8);
        var entry = FingerprintPolicy.CreateEntry($"[127.0.0.1]:{pf.SmtpPort}", [decoy, pin]);

        // posttls-finger takes the level with -l and the match values as arguments after the destination.
        var words = entry.Policy.Value.Split(' ');
        Assert.Equal("fingerprint", words[0]);
        var matches = words[1]["match=".Length..].Split('|');
        var finger = await pf.Run("posttls-finger", ["-c", "-l", words[0], "-d", digestName, entry.Destination, .. matches]);
        var text = finger.StdoutText;
        Assert.Contains($"127.0.0.1[127.0.0.1]:{pf.SmtpPort}: Matched fingerprint: {pin.ToHex()}", text);
        Assert.Contains($"Verified TLS connection established to 127.0.0.1[127.0.0.1]:{pf.SmtpPort}", text);
    }

    [Fact]
    public async Task PolicyEntry_WrongFingerprint_PosttlsFingerUntrusted()
    {
        var pf = server.Require();
        var entry = FingerprintPolicy.CreateEntry($"[127.0.0.1]:{pf.SmtpPort}", [Fingerprint.Compute(FingerprintDigest.Sha256, "other"u8)]);
        var finger = await pf.Run("posttls-finger", ["-c", "-l", "fingerprint", "-d", "sha256", entry.Destination, entry.Policy.MatchItems[0]]);
        Assert.Contains("num=65:no matching DANE TLSA records", finger.StdoutText);
        Assert.Contains("Untrusted TLS connection established", finger.StdoutText);
    }

    [Fact]
    public async Task PolicyEntry_InSmtpTlsPolicyMaps_PostfixSmtpClientVerifiesPinnedPartner()
    {
        var pf = server.Require();

        // End to end: probe the partner, pin its public key, give Postfix the generated lines, send mail.
        var probe = await TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", server.PartnerPort), TestContext.Current.CancellationToken);
        var pin = probe.Chain[0].PublicKeyFingerprint(FingerprintDigests.DefaultForCompatibilityLevel("3.6"));
        var good = FingerprintPolicy.CreateEntry($"[127.0.0.1]:{server.PartnerPort}", [pin]);
        var wrong = FingerprintPolicy.CreateEntry($"[localhost]:{server.PartnerPort}", [Fingerprint.Compute(FingerprintDigest.Sha256, "someone else"u8)]);
        await File.WriteAllTextAsync(server.PolicyFile, good + "\n" + wrong + "\n", TestContext.Current.CancellationToken);
        Postfix.Testing.RealPostfix.Age(server.PolicyFile);
        await pf.ReloadAsync();

        await pf.SendMailAsync("sender@pftest.test", ["user@good.test", "user@wrong.test"]);
        Assert.True(
            await pf.WaitForLogAsync($"Verified TLS connection established to 127.0.0.1[127.0.0.1]:{server.PartnerPort}", TimeSpan.FromSeconds(30)),
            await pf.ReadLogAsync());
        Assert.True(
            await pf.WaitForLogAsync($"Server certificate not verified", TimeSpan.FromSeconds(30)),
            await pf.ReadLogAsync());
        var log = await pf.ReadLogAsync();
        Assert.DoesNotContain(log.Split('\n'), l => l.Contains("warning", StringComparison.Ordinal) && l.Contains("polic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_Tls12Only_CipherNameAndBitsEqualPosttlsFinger()
    {
        var pf = server.Require();
        var result = await TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", server.Tls12Port), TestContext.Current.CancellationToken);
        var pin = result.Chain[0].PublicKeyFingerprint(FingerprintDigest.Sha256);

        // -l fingerprint keeps posttls-finger off the anonymous (aNULL) suites, which the probe never offers.
        var finger = await pf.Run("posttls-finger", "-c", "-l", "fingerprint", "-d", "sha256", $"[127.0.0.1]:{server.Tls12Port}", pin.ToString());
        var established = Established().Match(finger.StdoutText);
        Assert.True(established.Success, finger.StdoutText);
        Assert.Contains("Matched fingerprint", finger.StdoutText);
        Assert.Equal("TLSv1.2", result.Protocol);
        Assert.Equal(established.Groups["summary"].Value + established.Groups["rest"].Value, result.ConnectionSummary);
        Assert.Equal(established.Groups["cipher"].Value, result.CipherSuite);
        Assert.Contains("-", result.CipherSuite, StringComparison.Ordinal);
        Assert.StartsWith("TLS_", result.IanaCipherSuite, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_EcdsaServerP256Group_WholeSummaryEqualsPosttlsFinger()
    {
        var pf = server.Require();
        var result = await TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", server.EcPort), TestContext.Current.CancellationToken);
        var finger = await pf.Run("posttls-finger", "-c", "-l", "may", "-d", "sha256", $"[127.0.0.1]:{server.EcPort}");
        var established = Established().Match(finger.StdoutText);
        Assert.True(established.Success, finger.StdoutText);
        Assert.Equal("TLSv1.3", result.Protocol);
        Assert.Equal(0x0017, result.KeyShareGroup);
        Assert.NotNull(result.ServerDigest);
        Assert.Equal(established.Groups["summary"].Value + established.Groups["rest"].Value, result.ConnectionSummary);
        Assert.Equal("ec.partner.test", result.Chain[0].SubjectCommonName);
    }

    [Fact]
    public async Task ProbeAsync_NoListener_ThrowsProbeException()
    {
        server.Require();
        var port = Postfix.Testing.PostfixSandbox.FreePort();
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port), TestContext.Current.CancellationToken));
        Assert.StartsWith($"127.0.0.1:{port}: ", e.Message);
    }

    [GeneratedRegex(@"posttls-finger: (?<peer>\S+): subject_CN=(?<subject>[^,]*), issuer_CN=(?<issuer>[^,]*), fingerprint=(?<cert>[0-9A-F:]+), pkey_fingerprint=(?<pkey>[0-9A-F:]+)\n")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@" ?\d+ subject: (?<subject>[^\n]*)\n    issuer: (?<issuer>[^\n]*)\n   cert digest=(?<cert>[0-9A-F:]+)\n   pkey digest=(?<pkey>[0-9A-F:]+)\n")]
    private static partial Regex ChainEntry();

    [GeneratedRegex(@"TLS connection established to \S+: (?<summary>(?<protocol>TLSv[0-9.]+) with cipher (?<cipher>\S+) \(\d+/\d+ bits\))(?<rest>[^\n]*)\n")]
    private static partial Regex Established();
}
