using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Tests.Fingerprints;

/// <summary>Garbage never crashes the reader: it returns material or throws the documented exception, nothing else.</summary>
public sealed class RobustnessProperties
{
    private static readonly byte[][] Seeds =
    [
        TestFiles.Bytes("rsaee-cert.pem"),
        TestFiles.Bytes("ecee-pkey.pem"),
        TestFiles.Bytes("good-mixed-keyfirst.pem"),
        DerOf("ecee-cert.pem"),
        DerOf("rsaee-pkey.pem"),
    ];

    [Fact]
    public void Read_ArbitraryBytes_ReturnsOrThrowsFormatExceptionOnly()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => ReadsOrRejects(bytes)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Read_MutatedCertificatesAndKeys_ReturnsOrThrowsFormatExceptionOnly()
    {
        var mutations =
            from seed in Gen.Elements(Seeds)
            from count in Gen.Choose(1, 8)
            from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, seed.Length - 1), Gen.Choose(0, 255)), count)
            from truncate in Gen.Choose(seed.Length / 2, seed.Length)
            select Mutate(seed, edits, truncate);
        Prop.ForAll(mutations.ToArbitrary(), bytes => ReadsOrRejects(bytes)).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Read_PemWrappedGarbage_ThrowsWithLine()
    {
        var pem = Encoding.ASCII.GetBytes("junk\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        var e = Assert.Throws<TlsMaterialFormatException>(() => TlsMaterialReader.Read(pem, "x.pem"));
        Assert.Equal("x.pem(2): damaged \"CERTIFICATE\" block: malformed ASN.1", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("", "empty.pem: empty input: no certificate or key found")]
    [InlineData("-----BEGIN DH PARAMETERS-----\nMAYCAQACAQI=\n-----END DH PARAMETERS-----\n", "f.pem: no certificate or key found (found only: DH PARAMETERS)")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n", "f.pem(1): PEM block \"CERTIFICATE\" has no \"-----END CERTIFICATE-----\" line")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", "f.pem(1): \"ENCRYPTED PRIVATE KEY\" is encrypted: decrypt it first (openssl pkey -in FILE)")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n", "f.pem(1): \"RSA PRIVATE KEY\" is encrypted: decrypt it first (openssl pkey -in FILE)")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "f.pem(1): PEM block \"PUBLIC KEY\" is not valid base64")]
    [InlineData("hello world", "f.pem: not a PEM file, and not a DER certificate, public key or unencrypted private key")]
    public void Read_BadInput_ThrowsClearMessage(string text, string message)
    {
        var name = text.Length == 0 ? "empty.pem" : "f.pem";
        var e = Assert.Throws<TlsMaterialFormatException>(() => TlsMaterialReader.Read(Encoding.ASCII.GetBytes(text), name));
        Assert.Equal(message, e.Message);
    }

    private static bool ReadsOrRejects(byte[] bytes)
    {
        try
        {
            foreach (var item in TlsMaterialReader.Read(bytes, "fuzz"))
            {
                _ = item.PublicKeyFingerprint(FingerprintDigest.Sha256);
                _ = item.CertificateFingerprint(FingerprintDigest.Md5);
                _ = item.LegacyPublicKeyFingerprint(FingerprintDigest.Sha1);
                _ = item.Subject;
                _ = item.Issuer;
                _ = item.SubjectCommonName;
                _ = item.IssuerCommonName;
            }

            return true;
        }
        catch (TlsMaterialFormatException)
        {
            return true;
        }
    }

    private static byte[] Mutate(byte[] seed, (int At, int Value)[] edits, int length)
    {
        var copy = seed.ToArray();
        foreach (var (at, value) in edits)
        {
            copy[at] = (byte)value;
        }

        return copy[..length];
    }

    private static byte[] DerOf(string file) => TlsMaterialReader.Read(TestFiles.Bytes(file), file)[0] switch
    {
        { Kind: TlsMaterialKind.Certificate } c => c.CertificateDer.ToArray(),
        var k => k.SubjectPublicKeyInfoDer.ToArray(),
    };
}
