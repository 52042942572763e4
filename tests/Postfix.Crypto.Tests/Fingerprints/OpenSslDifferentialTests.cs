using System.Globalization;
using Postfix.Crypto.Fingerprints;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Fingerprints;

/// <summary>Our fingerprints against the real openssl, for keys and certificates of every type generated during the run.</summary>
public sealed class OpenSslDifferentialTests(OpenSslKeySet keys) : IClassFixture<OpenSslKeySet>
{
    public static TheoryData<string> CertificateTypes => [.. OpenSslKeySet.KeyTypes.Where(k => k.Certificate).Select(k => k.Name)];

    public static TheoryData<string> AllTypes => [.. OpenSslKeySet.KeyTypes.Select(k => k.Name)];

    private void Require()
    {
        if (!keys.Available)
        {
            RealPostfix.Require("openssl");
        }
    }

    [Theory]
    [MemberData(nameof(CertificateTypes))]
    public async Task CertificateFingerprint_EveryDigest_EqualsOpenSslX509Fingerprint(string type)
    {
        Require();
        var certificate = Assert.Single(TlsMaterialReader.Read(File.ReadAllBytes(keys.File(type, "cert.pem")), type));
        foreach (var digest in FingerprintDigests.All)
        {
            var name = FingerprintDigests.Name(digest);
            var output = await OpenSslKeySet.OpenSslAsync("x509", "-in", keys.File(type, "cert.pem"), "-noout", "-fingerprint", "-" + name);
            Assert.Equal($"{name} Fingerprint={certificate.CertificateFingerprint(digest)}\n", output);
        }
    }

    [Theory]
    [MemberData(nameof(CertificateTypes))]
    public async Task PublicKeyFingerprint_EveryDigest_EqualsDigestOfOpenSslPkeyDer(string type)
    {
        Require();
        var certificate = Assert.Single(TlsMaterialReader.Read(File.ReadAllBytes(keys.File(type, "cert.pem")), type));
        Assert.Equal(File.ReadAllBytes(keys.File(type, "certpub.der")), certificate.SubjectPublicKeyInfoDer.ToArray());
        foreach (var digest in FingerprintDigests.All)
        {
            var output = await OpenSslKeySet.OpenSslAsync("dgst", "-" + FingerprintDigests.Name(digest), "-r", keys.File(type, "certpub.der"));
            Assert.Equal(output.Split(' ')[0], certificate.PublicKeyFingerprint(digest).ToHex(lowercase: true));
        }
    }

    [Theory]
    [MemberData(nameof(CertificateTypes))]
    public async Task LegacySha1_Certificate_EqualsSubjectKeyIdentifier(string type)
    {
        Require();
        var certificate = Assert.Single(TlsMaterialReader.Read(File.ReadAllBytes(keys.File(type, "cert.pem")), type));
        var output = await OpenSslKeySet.OpenSslAsync("x509", "-in", keys.File(type, "cert.pem"), "-noout", "-ext", "subjectKeyIdentifier");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("X509v3 Subject Key Identifier: ", lines[0]);
        Assert.Equal(lines[1].Trim(), certificate.LegacyPublicKeyFingerprint(FingerprintDigest.Sha1).ToString());
        Assert.NotEqual(certificate.PublicKeyFingerprint(FingerprintDigest.Sha1), certificate.LegacyPublicKeyFingerprint(FingerprintDigest.Sha1));
    }

    [Theory]
    [MemberData(nameof(CertificateTypes))]
    public async Task SubjectIssuerValidity_Certificate_EqualOpenSsl(string type)
    {
        Require();
        var certificate = Assert.Single(TlsMaterialReader.Read(File.ReadAllBytes(keys.File(type, "cert.der")), type));
        var output = await OpenSslKeySet.OpenSslAsync("x509", "-in", keys.File(type, "cert.pem"), "-noout", "-subject", "-issuer", "-nameopt", "compat", "-startdate", "-enddate");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("subject=" + certificate.Subject, lines[0]);
        Assert.Equal("issuer=" + certificate.Issuer, lines[1]);
        Assert.Equal("notBefore=" + OpenSslDate(certificate.NotBefore!.Value), lines[2]);
        Assert.Equal("notAfter=" + OpenSslDate(certificate.NotAfter!.Value), lines[3]);
        Assert.Equal("mx.example.test", certificate.SubjectCommonName);
        Assert.Equal("mx.example.test", certificate.IssuerCommonName);
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void PublicKeyInfo_EveryKeyEncoding_EqualsOpenSslPubout(string type)
    {
        Require();
        var expected = File.ReadAllBytes(keys.File(type, "pub.der"));
        var forms = new[] { "key.pem", "key.der", "pub.pem", "pub.der", "trad.pem", "trad.der", "rsapub.pem", "cert.pem", "cert.der" }
            .Where(f => File.Exists(keys.File(type, f)))
            .ToList();
        Assert.True(forms.Count >= 4);
        foreach (var form in forms)
        {
            var material = Assert.Single(TlsMaterialReader.Read(File.ReadAllBytes(keys.File(type, form)), form));
            Assert.True(expected.AsSpan().SequenceEqual(material.SubjectPublicKeyInfoDer.Span), $"{type} {form}");
            var kind = form.StartsWith("cert", StringComparison.Ordinal) ? TlsMaterialKind.Certificate
                : form.Contains("pub", StringComparison.Ordinal) ? TlsMaterialKind.PublicKey : TlsMaterialKind.PrivateKey;
            Assert.Equal(kind, material.Kind);
        }
    }

    [Fact]
    public async Task Read_ConcatenatedChain_ReturnsEveryCertificateInOrder()
    {
        Require();
        var names = OpenSslKeySet.KeyTypes.Where(k => k.Certificate).Select(k => k.Name).ToList();
        var chain = names.SelectMany(n => File.ReadAllBytes(keys.File(n, "cert.pem"))).ToArray();
        var items = TlsMaterialReader.Read(chain, "chain.pem");
        Assert.Equal(names.Count, items.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var output = await OpenSslKeySet.OpenSslAsync("x509", "-in", keys.File(names[i], "cert.pem"), "-noout", "-fingerprint", "-sha256");
            Assert.Equal($"sha256 Fingerprint={items[i].CertificateFingerprint(FingerprintDigest.Sha256)}\n", output);
            Assert.Equal(i, items[i].Index);
        }
    }

    private static string OpenSslDate(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:MMM} {utc.Day,2} {utc:HH:mm:ss yyyy} GMT");
    }
}
