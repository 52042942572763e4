using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Tests.Fingerprints;

/// <summary>The vectors of spec §5.4 (Postfix's own test certificates) and the real posttls-finger run of the corpus.</summary>
public sealed class SpecVectorTests
{
    [Theory]
    [InlineData("rsaee-cert.pem", "md5", "cert", "09:60:15:76:66:50:48:63:65:06:74:57:AA:BA:DE:AE")]
    [InlineData("rsaee-cert.pem", "md5", "pkey", "C6:AA:77:9D:C3:16:39:5F:FF:51:72:A8:11:73:E0:BD")]
    [InlineData("rsaee-cert.pem", "md5", "legacy", "C5:C0:F4:E4:A6:E1:16:EE:11:7E:97:A5:98:D4:DC:64")]
    [InlineData("rsaee-cert.pem", "sha1", "cert", "BA:B9:4C:54:67:90:89:3D:CB:F5:DB:42:B5:BB:69:00:3B:D3:99:33")]
    [InlineData("rsaee-cert.pem", "sha1", "pkey", "AD:19:D0:4D:05:B7:16:9D:E5:4A:BB:B3:26:9E:6D:E9:30:C2:62:C5")]
    [InlineData("rsaee-cert.pem", "sha1", "legacy", "C2:AC:12:C2:8A:D6:F2:C6:BB:A1:24:56:C9:11:A1:98:74:6E:0D:46")]
    [InlineData("rsaee-cert.pem", "sha256", "cert", "18:E8:85:62:8C:C0:14:F0:BD:2C:01:A5:04:B0:CF:B7:11:38:7D:A8:D1:21:02:C4:85:49:54:36:9E:0B:9B:D9")]
    [InlineData("rsaee-cert.pem", "sha256", "pkey", "B6:FA:EA:1B:FC:9B:49:66:5E:05:F7:25:4B:52:43:23:4E:D5:11:BE:44:73:06:AF:0F:7A:15:1C:CE:35:27:29")]
    [InlineData("rsaee-cert.pem", "sha256", "legacy", "8E:9E:9B:89:85:F8:A8:67:97:FA:6A:25:B5:01:01:B7:65:F1:1F:54:C1:E5:A0:15:1C:0B:0F:94:6C:07:FD:77")]
    [InlineData("ecee-cert.pem", "md5", "cert", "3D:B9:23:5F:E4:EF:62:A5:80:5A:82:B4:4D:01:86:9F")]
    [InlineData("ecee-cert.pem", "md5", "pkey", "AA:1B:34:F3:E2:36:FF:5D:99:06:2A:46:E0:B8:6B:DB")]
    [InlineData("ecee-cert.pem", "md5", "legacy", "C5:ED:43:9F:01:2F:82:7E:65:AB:B8:21:11:E9:05:A9")]
    [InlineData("ecee-cert.pem", "sha1", "cert", "B3:7A:1B:06:E8:2E:5B:6C:CF:35:96:54:18:03:F7:B5:64:4D:49:5B")]
    [InlineData("ecee-cert.pem", "sha1", "pkey", "90:85:6A:49:A3:E4:DC:0D:90:BD:13:41:73:75:5E:B7:EC:E7:93:8B")]
    [InlineData("ecee-cert.pem", "sha1", "legacy", "17:6C:EF:4C:70:A5:14:DC:D6:F3:04:23:D3:0F:CE:02:80:33:9A:5F")]
    [InlineData("ecee-cert.pem", "sha256", "cert", "D1:10:7E:25:A0:B6:68:0B:9C:2D:EE:89:71:7B:E2:E3:28:C8:47:72:2E:CF:38:92:F5:58:57:22:73:B1:9D:0F")]
    [InlineData("ecee-cert.pem", "sha256", "pkey", "85:76:26:11:45:89:7E:A8:0A:D6:54:3A:1F:DB:18:D7:78:2B:8F:64:51:C3:83:B5:57:45:91:26:BD:2A:8C:04")]
    [InlineData("ecee-cert.pem", "sha256", "legacy", "21:91:87:B8:EC:5B:DF:D1:06:04:B1:C4:23:C6:69:AA:38:CA:C8:68:0D:B7:82:99:EB:08:1E:DE:58:8C:E8:5D")]
    // posttls-finger against the pf2 sandbox (corpus tls/posttls-finger.txt and fingerprint-compare.txt).
    [InlineData("pf2-cert.pem", "md5", "cert", "E2:38:FA:B4:F6:98:EF:15:E7:A6:F3:C1:1B:01:23:E3")]
    [InlineData("pf2-cert.pem", "md5", "pkey", "1F:8C:8B:A2:70:88:89:C9:F5:F8:E2:53:FC:D7:F9:9E")]
    [InlineData("pf2-cert.pem", "sha1", "cert", "FD:B6:69:71:91:12:A8:25:D8:0C:C1:36:A6:1E:44:28:D1:17:50:C1")]
    [InlineData("pf2-cert.pem", "sha1", "pkey", "9F:D6:20:C0:EC:44:5D:58:FF:F6:79:38:10:98:9E:61:D1:27:74:5C")]
    [InlineData("pf2-cert.pem", "sha256", "cert", "E1:0C:69:CB:03:68:1A:AB:72:87:DF:08:53:3D:97:79:8E:54:63:B0:EA:BE:CA:00:D2:10:29:44:FA:1C:33:B6")]
    [InlineData("pf2-cert.pem", "sha256", "pkey", "62:C5:D6:DE:F8:F1:62:D0:AB:11:38:B8:37:02:D7:B0:8F:75:45:F3:F5:3E:7D:2A:D9:4B:78:B9:07:81:BB:1D")]
    public void Fingerprint_SpecVector_Matches(string file, string digestName, string kind, string expected)
    {
        var material = Assert.Single(TlsMaterialReader.Read(TestFiles.Bytes(file), file));
        var digest = FingerprintDigests.Parse(digestName);
        var actual = kind switch
        {
            "cert" => material.CertificateFingerprint(digest)!.ToString(),
            "pkey" => material.PublicKeyFingerprint(digest).ToString(),
            _ => material.LegacyPublicKeyFingerprint(digest).ToString(),
        };
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("rsaee-cert.pem", "rsaee-pkey.pem")]
    [InlineData("ecee-cert.pem", "ecee-pkey.pem")]
    public void PrivateKey_OfCertificate_HasSamePublicKeyFingerprint(string certificate, string key)
    {
        var cert = Assert.Single(TlsMaterialReader.Read(TestFiles.Bytes(certificate), certificate));
        var priv = Assert.Single(TlsMaterialReader.Read(TestFiles.Bytes(key), key));
        Assert.Equal(TlsMaterialKind.PrivateKey, priv.Kind);
        Assert.Null(priv.CertificateFingerprint(FingerprintDigest.Sha256));
        foreach (var digest in FingerprintDigests.All)
        {
            Assert.Equal(cert.PublicKeyFingerprint(digest), priv.PublicKeyFingerprint(digest));
            Assert.Equal(cert.LegacyPublicKeyFingerprint(digest), priv.LegacyPublicKeyFingerprint(digest));
        }
    }

    [Fact]
    public void Read_Pf2Certificate_ReportsNamesAndValidity()
    {
        var material = Assert.Single(TlsMaterialReader.Read(TestFiles.Bytes("pf2-cert.pem"), "pf2-cert.pem"));
        Assert.Equal("pf2.test", material.SubjectCommonName);
        Assert.Equal("pf2.test", material.IssuerCommonName);
        Assert.Equal("/CN=pf2.test", material.Subject);
        Assert.Equal("/CN=pf2.test", material.Issuer);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 17, 56, 45, TimeSpan.Zero), material.NotBefore);
        Assert.Equal(new DateTimeOffset(2036, 11, 24, 17, 56, 45, TimeSpan.Zero), material.NotAfter);
        Assert.Equal("RSA 2048", material.KeyDescription);
        Assert.Equal(1, material.Line);
    }

    [Fact]
    public void Read_MixedKeyAndChain_ReturnsEveryBlockInOrder()
    {
        var items = TlsMaterialReader.Read(TestFiles.Bytes("good-mixed-keyfirst.pem"), "mixed.pem");
        Assert.Equal(
            [TlsMaterialKind.PrivateKey, TlsMaterialKind.Certificate, TlsMaterialKind.Certificate, TlsMaterialKind.Certificate],
            items.Select(i => i.Kind));
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.Index));
        Assert.Equal(items[0].PublicKeyFingerprint(FingerprintDigest.Sha256), items[1].PublicKeyFingerprint(FingerprintDigest.Sha256));
    }
}
