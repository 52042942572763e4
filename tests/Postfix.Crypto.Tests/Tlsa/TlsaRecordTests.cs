using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Tlsa;

namespace Postfix.Crypto.Tests.Tlsa;

public sealed class TlsaRecordTests
{
    private static readonly TlsMaterial Leaf = TlsMaterialReader.Read(TestFiles.Bytes("rsaee-cert.pem"), "leaf")[0];
    private static readonly TlsMaterial Ca = TlsMaterialReader.Read(TestFiles.Bytes("rsaca-cert.pem"), "ca")[0];
    private static readonly TlsMaterial Key = TlsMaterialReader.Read(TestFiles.Bytes("rsaee-pkey.pem"), "key")[0];

    [Fact]
    public void Create_311_IsSha256PublicKeyFingerprint()
    {
        var record = TlsaRecord.Create(Leaf);
        Assert.Equal("3 1 1 b6faea1bfc9b49665e05f7254b5243234ed511be447306af0f7a151cce352729", record.ToString());
        Assert.Equal(Leaf.PublicKeyFingerprint(FingerprintDigest.Sha256), record.ToFingerprint());
        Assert.Equal(record.ToString(), TlsaRecord.Create(Key).ToString());
    }

    [Fact]
    public void Create_301_312_201_MatchFingerprintsOfTheRightCertificate()
    {
        Assert.Equal(Leaf.CertificateFingerprint(FingerprintDigest.Sha256), TlsaRecord.Create(Leaf, TlsaUsage.DaneEe, TlsaSelector.Certificate).ToFingerprint());
        Assert.Equal(Leaf.PublicKeyFingerprint(FingerprintDigest.Sha512), TlsaRecord.Create(Leaf, TlsaUsage.DaneEe, TlsaSelector.SubjectPublicKeyInfo, TlsaMatchingType.Sha512).ToFingerprint());
        var anchor = TlsaRecord.Create(Ca, TlsaUsage.DaneTa, TlsaSelector.Certificate);
        Assert.StartsWith("2 0 1 ", anchor.ToString());
        Assert.Equal(Ca.CertificateFingerprint(FingerprintDigest.Sha256), anchor.ToFingerprint());
    }

    [Fact]
    public void Create_Full_IsTheSelectedDer()
    {
        var record = TlsaRecord.Create(Leaf, TlsaUsage.DaneEe, TlsaSelector.SubjectPublicKeyInfo, TlsaMatchingType.Full);
        Assert.Equal(Leaf.SubjectPublicKeyInfoDer.ToArray(), record.Data.ToArray());
        Assert.Null(record.ToFingerprint());
    }

    [Fact]
    public void ToZoneFileLine_AsPostfixTlsScript()
    {
        var record = TlsaRecord.Create(Leaf);
        Assert.Equal($"_25._tcp.mx1.example.com. IN TLSA {record}", record.ToZoneFileLine(TlsaRecord.OwnerName("mx1.example.com")));
        Assert.Equal($"_465._tcp.mx1.example.com. 3600 IN TLSA {record}", record.ToZoneFileLine(TlsaRecord.OwnerName("mx1.example.com.", 465), 3600));
    }

    [Fact]
    public void Create_CertificateSelectorForKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => TlsaRecord.Create(Key, TlsaUsage.DaneEe, TlsaSelector.Certificate));
        Assert.Throws<ArgumentException>(() => new TlsaRecord(TlsaUsage.DaneEe, TlsaSelector.Certificate, TlsaMatchingType.Sha256, new byte[31]));
        Assert.Throws<ArgumentException>(() => TlsaRecord.OwnerName("bad host"));
    }
}
